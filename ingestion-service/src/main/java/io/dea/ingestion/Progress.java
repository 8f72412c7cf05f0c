package io.dea.ingestion;

/**
 * Where a load reports how far it is; in a task it is {@code TaskContext::progress}, which also
 * tells the orchestrator the task is alive. Kept as a small interface so the loaders can be used
 * (and benchmarked) without a task.
 */
@FunctionalInterface
interface Progress {

    Progress NONE = (message, fraction) -> { };

    void report(String message, Double fraction);

    /**
     * Counts rows and bytes as they stream and reports every {@code everyRows} rows or
     * {@code everyBytes} bytes, whichever comes first, so a long load is visibly moving however
     * wide its rows are.
     */
    final class Meter {
        private final Progress progress;
        private final String what;
        private final long everyRows;
        private final long everyBytes;
        private long rows;
        private long bytes;
        private long nextRows;
        private long nextBytes;

        Meter(Progress progress, String what, long everyRows, long everyBytes) {
            this.progress = progress;
            this.what = what;
            this.everyRows = Math.max(1, everyRows);
            this.everyBytes = Math.max(1, everyBytes);
            this.nextRows = this.everyRows;
            this.nextBytes = this.everyBytes;
        }

        void add(long moreRows, long moreBytes) {
            rows += moreRows;
            bytes += moreBytes;
            if (rows >= nextRows || bytes >= nextBytes) {
                progress.report(what + ": " + rows + " rows, " + bytes + " bytes so far", null);
                nextRows = rows + everyRows;
                nextBytes = bytes + everyBytes;
            }
        }

        long rows() {
            return rows;
        }

        long bytes() {
            return bytes;
        }
    }
}
