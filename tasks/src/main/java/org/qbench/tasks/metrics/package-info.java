/**
 * Evaluation metrics in plain Java over {@code float[]} (no engine): what the super-resolution, low-light video
 * and classification tasks report.
 *
 * <ul>
 *   <li>{@link org.qbench.tasks.metrics.ImageQuality#psnr PSNR}: {@code 10 log10(peak^2 / MSE)} in dB, the MSE
 *       over every channel of the cropped images.</li>
 *   <li>{@link org.qbench.tasks.metrics.ImageQuality#ssim SSIM}: the structural similarity of Wang, Bovik,
 *       Sheikh and Simoncelli, "Image quality assessment: from error visibility to structural similarity",
 *       IEEE TIP 13(4), 2004: luminance, contrast and structure compared under an 11x11 Gaussian window
 *       (sigma 1.5), {@code K1 = 0.01}, {@code K2 = 0.03}, averaged over the valid positions and then over
 *       channels.</li>
 *   <li>{@link org.qbench.tasks.metrics.ImageQuality#rgbToY luma}: ITU-R BT.601 Y in the studio range
 *       [16/255, 235/255], on which super-resolution papers usually report both.</li>
 *   <li>{@link org.qbench.tasks.metrics.TopK top-k}: hits among the k largest logits, ties to the lower
 *       class.</li>
 * </ul>
 *
 * <p>The image metrics follow BasicSR ({@code basicsr/metrics/psnr_ssim.py}: {@code calculate_psnr},
 * {@code calculate_ssim} and {@code _ssim}; {@code basicsr/utils/color_util.py}: {@code rgb2ycbcr}), whose SSIM is
 * stated there to match Wang's released MATLAB code ({@code ssim_index.m}, {@code filter2(..., 'valid')}).
 * Its protocol has three knobs, and a result records all three (see
 * {@link org.qbench.tasks.metrics.ImageQuality}): the peak value (1 for [0, 1] data), the border crop
 * ({@code crop_border}, usually the scale factor) and whether the luma or the raw channels were compared
 * ({@code test_y_channel}). BasicSR reads images with OpenCV in BGR order and converts with {@code bgr2ycbcr};
 * the images here are RGB, so {@code rgbToY} applies the same coefficients to the same colours. Unlike BasicSR's
 * usual pipeline, nothing here rounds to 8 bits first.
 */
package org.qbench.tasks.metrics;
