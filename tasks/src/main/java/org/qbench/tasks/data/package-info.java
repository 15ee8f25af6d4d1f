/**
 * Data set readers and locators. Every reader checks what it reads (magic numbers, sizes, counts) and fails
 * with a {@link org.qbench.tasks.data.DataException} naming the file and the fault.
 */
package org.qbench.tasks.data;
