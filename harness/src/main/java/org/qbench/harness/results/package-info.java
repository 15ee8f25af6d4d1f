/**
 * Result files: one JSON file per run ({@link org.qbench.harness.results.RunResult}) with its provenance,
 * written atomically by the {@link org.qbench.harness.results.ResultStore}, through the one Jackson mapper
 * ({@link org.qbench.harness.json.Json}) whose sorted keys make files diffable.
 */
package org.qbench.harness.results;
