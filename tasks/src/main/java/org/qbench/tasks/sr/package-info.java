/**
 * Super-resolution: the HR image collections ({@link org.qbench.tasks.sr.SrData}, {@link
 * org.qbench.tasks.sr.SrDataSets}) and the task that trains and scores networks on them (BasicSR's protocol:
 * bicubic LR, 8-bit rounded output, {@code scale} pixels cropped, PSNR and SSIM on BT.601 luma).
 */
package org.qbench.tasks.sr;
