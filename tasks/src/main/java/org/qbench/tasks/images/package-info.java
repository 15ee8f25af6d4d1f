/**
 * 8-bit RGB images for the image-restoration tasks: the value type ({@link org.qbench.tasks.images.RgbImage}),
 * file reading and writing ({@link org.qbench.tasks.images.ImageFiles}), MATLAB-compatible bicubic resizing as
 * BasicSR does it ({@link org.qbench.tasks.images.Bicubic}) and box averaging
 * ({@link org.qbench.tasks.images.BoxDownscale}).
 */
package org.qbench.tasks.images;
