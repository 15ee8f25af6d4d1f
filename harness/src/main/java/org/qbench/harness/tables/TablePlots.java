package org.qbench.harness.tables;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.qbench.harness.plots.MetricPlots;
import org.qbench.harness.plots.PlotData;
import org.qbench.harness.plots.PlotPoint;

/**
 * The plots beside a measured table, {@code <base>_bits.{svg,png}} and {@code <base>_bops.{svg,png}}: the
 * table's first metric against bit width (one line per method, error bars over seeds) and against the model's bit
 * operations (Pareto front marked). Drawn from the same cells as the table, so they cannot disagree.
 */
final class TablePlots {

    private TablePlots() {}

    /** Writes the plots of one table; none when no cell has a finished run. */
    static List<Path> write(String title, TableWriter.MetricColumn metric, Map<String, Map<TableWriter.Width, TableWriter.Cell>> cells,
            Path outDir, String base) {
        List<PlotPoint> points = new ArrayList<>();
        // Cells with different weight and activation widths have no place on a bit-width axis: tables only.
        cells.forEach((method, row) -> row.forEach((width, cell) -> {
            CellStats s = cell.stats().get(metric.name());
            if (width.equalBits() && s != null && s.n() > 0 && cell.bops() > 0) {
                points.add(new PlotPoint(method, width.weights(), cell.bops(), s.mean(), s.std(), s.n()));
            }
        }));
        if (points.isEmpty()) {
            return List.of();
        }
        return MetricPlots.write(new PlotData(title, metric.name(), metric.unit(), metric.higherIsBetter(), points,
                "BOPs per sample = MACs x weight bits x input bits, summed over conv and linear layers."), outDir, base);
    }
}
