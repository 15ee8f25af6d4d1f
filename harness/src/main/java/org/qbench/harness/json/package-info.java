/**
 * The one JSON configuration of qbench ({@link org.qbench.harness.json.Json}): snake_case, sorted keys, strict
 * reading, one-line errors. Its own package so that run specs (grid), results and reports all use it without
 * depending on each other.
 */
package org.qbench.harness.json;
