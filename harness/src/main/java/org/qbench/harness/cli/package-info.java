/**
 * The {@code qbench} command line (picocli). Every command has {@code --help}; user errors print one line
 * on stderr and exit 2, bugs exit 1 with a stack trace.
 */
package org.qbench.harness.cli;
