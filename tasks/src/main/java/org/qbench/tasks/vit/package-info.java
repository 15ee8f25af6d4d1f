/** Vision-transformer classification: the ViT task, its recipe and DeiT's distillation from a CNN teacher. */
package org.qbench.tasks.vit;
