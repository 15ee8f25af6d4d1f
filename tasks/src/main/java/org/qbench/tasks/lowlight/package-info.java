/**
 * Low-light raw video data (BRVE-style, CVPR 2024), <b>synthetic</b>: photographs and H.264 frames from Debian
 * packages are unprocessed to linear camera RGB (Brooks et al., CVPR 2019), mosaicked to RGGB and darkened by an
 * exposure ratio, and the ELD/LED noise model (Wei et al., CVPR 2020; Jin et al., ICCV 2023) adds shot, read, row,
 * quantisation noise and a colour bias. Numbers on these clips are never comparable with LLRVD or SMOID numbers.
 *
 * <p>Entry point: {@link org.qbench.tasks.lowlight.LowlightData#load}; building blocks: {@link
 * org.qbench.tasks.lowlight.Bayer} (mosaic and 4-channel packing), {@link org.qbench.tasks.lowlight.Unprocess},
 * {@link org.qbench.tasks.lowlight.Isp} (the fixed preview ISP), {@link org.qbench.tasks.lowlight.CameraProfile} and
 * {@link org.qbench.tasks.lowlight.NoiseModel}, {@link org.qbench.tasks.lowlight.ClipGenerator}.
 */
package org.qbench.tasks.lowlight;
