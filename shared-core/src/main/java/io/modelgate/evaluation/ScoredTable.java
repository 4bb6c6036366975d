package io.modelgate.evaluation;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.StructField;
import io.modelgate.config.EvaluationConfig;
import io.modelgate.config.EvaluationConfig.Task;
import io.modelgate.delta.ColumnValues;
import io.modelgate.delta.DeltaTable;
import io.modelgate.delta.Rows;
import io.modelgate.fault.Fault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation set's and the scored table's columns: checked by name and type before anything
 * runs, then read with Delta Kernel, one data file per core, into {@link Columns}. Every refusal
 * names the table, its version and the column. A score the candidate could not give (NaN, or out of
 * [0, 1] where a metric needs a probability) is the candidate's failure, the champion's an
 * infrastructure error; a row scored by one model only means the two score columns have different
 * key sets, which a project's own scoring job must not write.
 */
final class ScoredTable {

    static final String CANDIDATE = "score_candidate";
    static final String BASELINE = "score_baseline";
    static final String CANDIDATE_PROBABILITIES = "proba_candidate";
    static final String BASELINE_PROBABILITIES = "proba_baseline";
    /** Slices with more groups are not slices; the evaluation keeps per-group sums for each. */
    static final int MAX_GROUPS = 1000;

    private ScoredTable() {
    }

    /** The input columns the evaluation needs in the evaluation set (and carries into the scored table). */
    static void checkInput(DeltaTable table, EvaluationConfig config) {
        require(table, config.label(), labelKind(config.task()));
        if (config.key() != null) require(table, config.key(), Kind.CATEGORICAL);
        if (config.weight() != null) require(table, config.weight(), Kind.NUMERIC);
        for (String column : sliceColumns(config)) require(table, column, Kind.CATEGORICAL);
    }

    /** The scored table's columns: the input ones, then each model's scores. */
    static void checkScored(DeltaTable table, EvaluationConfig config, boolean baseline) {
        checkInput(table, config);
        Kind scores = config.task() == Task.MULTICLASS ? Kind.CATEGORICAL : Kind.NUMERIC;
        require(table, CANDIDATE, scores);
        if (baseline) require(table, BASELINE, scores);
        if (probabilities(config)) {
            require(table, CANDIDATE_PROBABILITIES, Kind.PROBABILITIES);
            if (baseline) require(table, BASELINE_PROBABILITIES, Kind.PROBABILITIES);
        }
    }

    static List<String> sliceColumns(EvaluationConfig config) {
        List<String> columns = new ArrayList<>();
        for (EvaluationConfig.Slice slice : config.slices()) {
            for (String column : slice.by()) if (!columns.contains(column)) columns.add(column);
        }
        for (EvaluationConfig.Fairness rule : config.fairness()) if (!columns.contains(rule.by())) columns.add(rule.by());
        return columns;
    }

    /**
     * The groupings the evaluation computes: each declared slice's columns, then each fairness
     * rule's column unless a declared slice is that column alone.
     */
    static List<List<String>> slices(EvaluationConfig config) {
        List<List<String>> slices = new ArrayList<>();
        for (EvaluationConfig.Slice slice : config.slices()) slices.add(slice.by());
        for (EvaluationConfig.Fairness rule : config.fairness()) {
            if (!slices.contains(List.of(rule.by()))) slices.add(List.of(rule.by()));
        }
        return slices;
    }

    static boolean probabilities(EvaluationConfig config) {
        return config.task() == Task.MULTICLASS && config.metrics().contains("log_loss");
    }

    private enum Kind {
        BINARY_LABEL("0/1 integers or booleans"), CATEGORICAL("a string, boolean or integer column"),
        NUMERIC("a numeric column"), PROBABILITIES("an array of doubles (class probabilities)");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }

        boolean accepts(DataType type) {
            return switch (this) {
                case BINARY_LABEL -> type instanceof BooleanType || ColumnValues.isCategorical(type) && ColumnValues.isNumeric(type);
                case CATEGORICAL -> ColumnValues.isCategorical(type);
                case NUMERIC -> ColumnValues.isNumeric(type);
                case PROBABILITIES -> type instanceof ArrayType array
                        && (array.getElementType() instanceof DoubleType || array.getElementType() instanceof FloatType);
            };
        }
    }

    private static Kind labelKind(Task task) {
        return switch (task) {
            case BINARY -> Kind.BINARY_LABEL;
            case MULTICLASS -> Kind.CATEGORICAL;
            case REGRESSION -> Kind.NUMERIC;
        };
    }

    private static void require(DeltaTable table, String column, Kind kind) {
        StructField field = table.schema().fields().stream().filter(f -> f.getName().equals(column)).findFirst().orElse(null);
        if (field == null) {
            throw Fault.usage("table " + table.describe() + " has no column " + column + " (columns: "
                    + String.join(", ", table.schema().fieldNames()) + ")");
        }
        if (!kind.accepts(field.getDataType())) {
            throw Fault.usage("table " + table.describe() + ": column " + column + " is " + ColumnValues.typeName(field.getDataType())
                    + ", expected " + kind.expected);
        }
    }

    /**
     * Reads the scored table into columns.
     *
     * @param candidate how messages name the candidate, e.g. "the candidate (fraud-detector v3)"
     * @param champion  how they name the champion; null for a first model
     */
    static Columns read(DeltaTable table, EvaluationConfig config, String candidate, String champion, int threads) {
        boolean baseline = champion != null;
        checkScored(table, config, baseline);
        Layout layout = new Layout(table, config, baseline);
        List<Chunk> chunks = table.scanFiles(layout.columns, threads, () -> new Chunk(layout));
        Problems problems = new Problems();
        chunks.forEach(c -> problems.add(c.problems));
        problems.raise(table, config, candidate, champion);
        if (chunks.stream().mapToInt(c -> c.size).sum() == 0) {
            throw Fault.usage("table " + table.describe() + " has no rows to evaluate on");
        }
        return merge(layout, chunks, config);
    }

    /** Which columns are read, at which position in a batch. */
    private static final class Layout {
        final Task task;
        final boolean baseline;
        final boolean probabilities;
        final boolean needsProbabilityRange;
        final List<String> columns = new ArrayList<>();
        final List<List<String>> slices = new ArrayList<>();
        final List<String> classes;
        final String keyColumn;
        final String weightColumn;
        final Map<String, DataType> types = new LinkedHashMap<>();

        Layout(DeltaTable table, EvaluationConfig config, boolean baseline) {
            this.task = config.task();
            this.baseline = baseline;
            this.probabilities = ScoredTable.probabilities(config);
            this.needsProbabilityRange = task == Task.BINARY && (config.metrics().contains("log_loss") || config.metrics().contains("brier"));
            this.classes = config.classes();
            this.keyColumn = config.key();
            this.weightColumn = config.weight();
            add(config.label());
            add(CANDIDATE);
            if (baseline) add(BASELINE);
            if (probabilities) {
                add(CANDIDATE_PROBABILITIES);
                if (baseline) add(BASELINE_PROBABILITIES);
            }
            if (config.weight() != null) add(config.weight());
            if (config.key() != null) add(config.key());
            for (String column : sliceColumns(config)) add(column);
            slices.addAll(ScoredTable.slices(config));
            for (String column : columns) types.put(column, table.schema().get(column).getDataType());
        }

        private void add(String column) {
            if (!columns.contains(column)) columns.add(column);
        }
    }

    /** The first row of each kind of problem, and how many. */
    private static final class Problems {
        final Map<String, long[]> counts = new LinkedHashMap<>();
        final Map<String, String> examples = new LinkedHashMap<>();

        void note(String kind, String example) {
            long[] count = counts.computeIfAbsent(kind, k -> new long[1]);
            if (count[0]++ == 0) examples.put(kind, example);
        }

        void add(Problems other) {
            other.counts.forEach((kind, count) -> {
                long[] mine = counts.computeIfAbsent(kind, k -> new long[1]);
                if (mine[0] == 0) examples.put(kind, other.examples.get(kind));
                mine[0] += count[0];
            });
        }

        private String of(String kind) {
            long count = counts.get(kind)[0];
            return count + (count == 1 ? " row" : " rows") + " (first: " + examples.get(kind) + ")";
        }

        void raise(DeltaTable table, EvaluationConfig config, String candidate, String champion) {
            String where = "table " + table.describe();
            for (String kind : counts.keySet()) {
                if (kind.startsWith("usage:")) throw Fault.usage(where + ": " + kind.substring(6) + " in " + of(kind));
            }
            if (counts.containsKey("one-sided")) {
                throw Fault.usage(where + ": the key sets of " + CANDIDATE + " and " + BASELINE + " differ: " + of("one-sided")
                        + " scored by one model only; a scoring job scores every row with both");
            }
            for (String kind : counts.keySet()) {
                if (kind.startsWith("candidate:")) {
                    throw new CandidateCannotScore(candidate + " cannot score the evaluation set: " + kind.substring(10) + " in " + of(kind));
                }
            }
            for (String kind : counts.keySet()) {
                if (kind.startsWith("champion:")) {
                    throw Fault.infrastructure(champion + " cannot score the evaluation set: " + kind.substring(9) + " in " + of(kind)
                            + "; no verdict is possible without the champion's scores");
                }
            }
        }
    }

    /** One data file's rows, in growing primitive arrays; groups and classes numbered within the file. */
    private static final class Chunk implements DeltaTable.FileReader<Chunk> {
        final Layout layout;
        final Problems problems = new Problems();
        int size;
        int[] label;
        double[] target, candidate, baseline, candidateProbability, baselineProbability, weight;
        int[] candidateClass, baselineClass;
        final List<short[]> groups = new ArrayList<>();
        final List<Map<String, Integer>> groupIds = new ArrayList<>();
        final Map<String, Integer> classIds = new LinkedHashMap<>();

        Chunk(Layout layout) {
            this.layout = layout;
            int capacity = 1024;
            label = new int[capacity];
            if (layout.task == Task.REGRESSION) target = new double[capacity];
            if (layout.task == Task.MULTICLASS) {
                candidateClass = new int[capacity];
                if (layout.baseline) baselineClass = new int[capacity];
                if (layout.probabilities) {
                    candidateProbability = new double[capacity];
                    if (layout.baseline) baselineProbability = new double[capacity];
                }
                if (layout.classes != null) layout.classes.forEach(c -> classIds.put(c, classIds.size()));
            } else {
                candidate = new double[capacity];
                if (layout.baseline) baseline = new double[capacity];
            }
            if (layout.weightColumn != null) weight = new double[capacity];
            for (int s = 0; s < layout.slices.size(); s++) {
                groups.add(new short[capacity]);
                groupIds.add(new LinkedHashMap<>());
            }
        }

        @Override
        public void accept(Rows rows) {
            // Ordinals of the read columns in this batch.
            int[] at = new int[layout.columns.size()];
            for (int c = 0; c < at.length; c++) at[c] = rows.ordinal(layout.columns.get(c));
            for (int r = 0; r < rows.size(); r++) {
                if (rows.live(r)) row(rows, r, at);
            }
        }

        private ColumnVector column(Rows rows, int[] at, String name) {
            return rows.column(at[layout.columns.indexOf(name)]);
        }

        private void row(Rows rows, int r, int[] at) {
            grow();
            int i = size;
            String key = layout.keyColumn == null ? "row " + (i + 1) + " of its file" : layout.keyColumn + " "
                    + text(column(rows, at, layout.keyColumn), r);
            ColumnVector labelColumn = rows.column(at[0]);
            if (labelColumn.isNullAt(r)) {
                problems.note("usage:label column " + layout.columns.get(0) + " is null", key);
                return;
            }
            switch (layout.task) {
                case BINARY -> {
                    int y = binaryLabel(labelColumn, r);
                    if (y < 0) {
                        problems.note("usage:label column " + layout.columns.get(0) + " holds values other than 0 and 1", key + ": " + text(labelColumn, r));
                        return;
                    }
                    label[i] = y;
                    if (!score(column(rows, at, CANDIDATE), r, candidate, i, key, "candidate:", column(rows, at, layout.baseline ? BASELINE : CANDIDATE))) return;
                    if (layout.baseline && !score(column(rows, at, BASELINE), r, baseline, i, key, "champion:", column(rows, at, CANDIDATE))) return;
                }
                case REGRESSION -> {
                    double y = ColumnValues.numeric(labelColumn.getDataType()).read(labelColumn, r);
                    if (!Double.isFinite(y)) {
                        problems.note("usage:target column " + layout.columns.get(0) + " is not a finite number", key + ": " + y);
                        return;
                    }
                    target[i] = y;
                    if (!score(column(rows, at, CANDIDATE), r, candidate, i, key, "candidate:", column(rows, at, layout.baseline ? BASELINE : CANDIDATE))) return;
                    if (layout.baseline && !score(column(rows, at, BASELINE), r, baseline, i, key, "champion:", column(rows, at, CANDIDATE))) return;
                }
                case MULTICLASS -> {
                    String y = text(labelColumn, r);
                    if (layout.classes != null && !classIds.containsKey(y)) {
                        problems.note("usage:label column " + layout.columns.get(0) + " holds a class not in classes " + layout.classes, key + ": " + y);
                        return;
                    }
                    label[i] = classId(y);
                    if (!predicted(rows, at, CANDIDATE, r, candidateClass, i, key, "candidate:")) return;
                    if (layout.baseline && !predicted(rows, at, BASELINE, r, baselineClass, i, key, "champion:")) return;
                    if (layout.probabilities) {
                        if (!probability(column(rows, at, CANDIDATE_PROBABILITIES), r, label[i], candidateProbability, i, key, "candidate:")) return;
                        if (layout.baseline && !probability(column(rows, at, BASELINE_PROBABILITIES), r, label[i], baselineProbability, i, key, "champion:")) return;
                    }
                }
            }
            if (weight != null) {
                ColumnVector w = column(rows, at, layout.weightColumn);
                double value = w.isNullAt(r) ? Double.NaN : ColumnValues.numeric(w.getDataType()).read(w, r);
                if (!(value >= 0) || Double.isInfinite(value)) {
                    problems.note("usage:weight column " + layout.weightColumn + " is not a number of 0 or more", key + ": " + (w.isNullAt(r) ? "null" : value));
                    return;
                }
                weight[i] = value;
            }
            for (int s = 0; s < layout.slices.size(); s++) {
                StringBuilder name = new StringBuilder();
                for (String column : layout.slices.get(s)) {
                    if (name.length() > 0) name.append(" × ");
                    name.append(text(column(rows, at, column), r));
                }
                Map<String, Integer> ids = groupIds.get(s);
                Integer id = ids.get(name.toString());
                if (id == null) {
                    id = ids.size();
                    if (id >= MAX_GROUPS) {
                        problems.note("usage:slice " + String.join(" × ", layout.slices.get(s)) + " has more than " + MAX_GROUPS
                                + " groups; slice on columns of a few dozen values", key);
                        return;
                    }
                    ids.put(name.toString(), id);
                }
                groups.get(s)[i] = (short) (int) id;
            }
            size++;
        }

        private int classId(String name) {
            Integer id = classIds.get(name);
            if (id == null) {
                id = classIds.size();
                classIds.put(name, id);
            }
            return id;
        }

        /** A model's score: a finite number, in [0, 1] where a metric needs a probability; a null with the other model's score present is a key-set mismatch. */
        private boolean score(ColumnVector column, int r, double[] into, int i, String key, String side, ColumnVector other) {
            if (column.isNullAt(r)) {
                if (other != column && !other.isNullAt(r)) problems.note("one-sided", key);
                else problems.note(side + "no score (null)", key);
                return false;
            }
            double value = ColumnValues.numeric(column.getDataType()).read(column, r);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                problems.note(side + "scores that are not finite numbers (" + value + ")", key);
                return false;
            }
            if (layout.needsProbabilityRange && (value < 0 || value > 1)) {
                problems.note(side + "scores outside [0, 1], where log_loss and brier need probabilities", key + ": " + value);
                return false;
            }
            into[i] = value;
            return true;
        }

        private boolean predicted(Rows rows, int[] at, String columnName, int r, int[] into, int i, String key, String side) {
            ColumnVector column = column(rows, at, columnName);
            if (column.isNullAt(r)) {
                String otherName = columnName.equals(CANDIDATE) ? (layout.baseline ? BASELINE : CANDIDATE) : CANDIDATE;
                ColumnVector other = column(rows, at, otherName);
                problems.note(other != column && !other.isNullAt(r) ? "one-sided" : side + "no prediction (null)", key);
                return false;
            }
            into[i] = classId(text(column, r));
            return true;
        }

        private boolean probability(ColumnVector column, int r, int labelClass, double[] into, int i, String key, String side) {
            if (column.isNullAt(r)) {
                problems.note(side + "no class probabilities (null)", key);
                return false;
            }
            io.delta.kernel.data.ArrayValue array = column.getArray(r);
            if (array.getSize() != layout.classes.size()) {
                problems.note(side + "class probabilities of length other than the " + layout.classes.size() + " classes", key + ": " + array.getSize());
                return false;
            }
            ColumnVector elements = array.getElements();
            double p = elements.isNullAt(labelClass) ? Double.NaN : ColumnValues.numeric(elements.getDataType()).read(elements, labelClass);
            if (!(p >= 0 && p <= 1)) {
                problems.note(side + "class probabilities outside [0, 1]", key + ": " + p);
                return false;
            }
            into[i] = p;
            return true;
        }

        private static int binaryLabel(ColumnVector column, int r) {
            if (column.getDataType() instanceof BooleanType) return column.getBoolean(r) ? 1 : 0;
            double value = ColumnValues.numeric(column.getDataType()).read(column, r);
            return value == 0 ? 0 : value == 1 ? 1 : -1;
        }

        private static String text(ColumnVector column, int r) {
            return column.isNullAt(r) ? "null" : ColumnValues.text(column.getDataType()).read(column, r);
        }

        private void grow() {
            if (size < label.length) return;
            int capacity = label.length * 2;
            label = Arrays.copyOf(label, capacity);
            target = copy(target, capacity);
            candidate = copy(candidate, capacity);
            baseline = copy(baseline, capacity);
            candidateProbability = copy(candidateProbability, capacity);
            baselineProbability = copy(baselineProbability, capacity);
            weight = copy(weight, capacity);
            if (candidateClass != null) candidateClass = Arrays.copyOf(candidateClass, capacity);
            if (baselineClass != null) baselineClass = Arrays.copyOf(baselineClass, capacity);
            groups.replaceAll(g -> Arrays.copyOf(g, capacity));
        }

        private static double[] copy(double[] array, int capacity) {
            return array == null ? null : Arrays.copyOf(array, capacity);
        }

        /** The arrays cut to the rows read: no slack held while the other files are read. */
        @Override
        public Chunk finish() {
            if (size == label.length) return this;
            label = Arrays.copyOf(label, size);
            target = copy(target, size);
            candidate = copy(candidate, size);
            baseline = copy(baseline, size);
            candidateProbability = copy(candidateProbability, size);
            baselineProbability = copy(baselineProbability, size);
            weight = copy(weight, size);
            if (candidateClass != null) candidateClass = Arrays.copyOf(candidateClass, size);
            if (baselineClass != null) baselineClass = Arrays.copyOf(baselineClass, size);
            groups.replaceAll(g -> Arrays.copyOf(g, size));
            return this;
        }
    }

    /** The chunks in file order, into one array per column; groups and classes renumbered in order of first appearance. */
    private static Columns merge(Layout layout, List<Chunk> chunks, EvaluationConfig config) {
        int rows = 0;
        for (Chunk chunk : chunks) rows += chunk.size;
        Map<String, Integer> classes = new LinkedHashMap<>();
        if (layout.classes != null) layout.classes.forEach(c -> classes.put(c, classes.size()));
        List<Map<String, Integer>> groups = new ArrayList<>();
        for (int s = 0; s < layout.slices.size(); s++) groups.add(new LinkedHashMap<>());
        int[][] classMaps = new int[chunks.size()][];
        List<short[][]> groupMaps = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            Chunk chunk = chunks.get(c);
            classMaps[c] = chunk.classIds.keySet().stream().mapToInt(name -> classes.computeIfAbsent(name, n -> classes.size())).toArray();
            short[][] maps = new short[layout.slices.size()][];
            for (int s = 0; s < maps.length; s++) {
                Map<String, Integer> global = groups.get(s);
                maps[s] = new short[chunk.groupIds.get(s).size()];
                int local = 0;
                for (String name : chunk.groupIds.get(s).keySet()) {
                    int id = global.computeIfAbsent(name, n -> global.size());
                    if (id >= MAX_GROUPS) {
                        throw Fault.usage("the slice " + String.join(" × ", layout.slices.get(s)) + " has more than " + MAX_GROUPS
                                + " groups; slice on columns of a few dozen values");
                    }
                    maps[s][local++] = (short) id;
                }
            }
            groupMaps.add(maps);
        }
        int[] label = layout.task == Task.REGRESSION ? null : new int[rows];
        int offset = 0;
        for (int c = 0; c < chunks.size(); c++) {
            Chunk chunk = chunks.get(c);
            for (int i = 0; i < chunk.size; i++) {
                if (label != null) label[offset + i] = layout.task == Task.MULTICLASS ? classMaps[c][chunk.label[i]] : chunk.label[i];
            }
            offset += chunk.size;
        }
        chunks.forEach(ch -> ch.label = null);
        // Column by column, each chunk's part let go once copied: the peak is the chunks and one column, not twice the table.
        int total = rows;
        double[] target = concat(chunks, ch -> ch.target, ch -> ch.target = null, total);
        double[] candidate = concat(chunks, ch -> ch.candidate, ch -> ch.candidate = null, total);
        double[] baseline = concat(chunks, ch -> ch.baseline, ch -> ch.baseline = null, total);
        int[] candidateClass = classes(chunks, ch -> ch.candidateClass, classMaps, total);
        int[] baselineClass = classes(chunks, ch -> ch.baselineClass, classMaps, total);
        double[] candidateProbability = concat(chunks, ch -> ch.candidateProbability, ch -> ch.candidateProbability = null, total);
        double[] baselineProbability = concat(chunks, ch -> ch.baselineProbability, ch -> ch.baselineProbability = null, total);
        double[] weight = concat(chunks, ch -> ch.weight, ch -> ch.weight = null, total);
        Columns columns = new Columns(rows, label, target, candidate, baseline, candidateClass, baselineClass, candidateProbability,
                baselineProbability, weight, groups(chunks, groupMaps, layout.slices.size(), total),
                groups.stream().map(g -> List.copyOf(g.keySet())).toList());
        if (layout.task == Task.MULTICLASS && classes.size() > 100) {
            throw Fault.usage("the evaluation set and the predictions hold " + classes.size() + " classes; the evaluation handles at most 100");
        }
        return columns;
    }

    private static double[] concat(List<Chunk> chunks, java.util.function.Function<Chunk, double[]> part,
                                   java.util.function.Consumer<Chunk> release, int rows) {
        if (chunks.isEmpty() || part.apply(chunks.get(0)) == null) return null;
        double[] out = new double[rows];
        int offset = 0;
        for (Chunk chunk : chunks) {
            System.arraycopy(part.apply(chunk), 0, out, offset, chunk.size);
            release.accept(chunk);
            offset += chunk.size;
        }
        return out;
    }

    private static int[] classes(List<Chunk> chunks, java.util.function.Function<Chunk, int[]> part, int[][] maps, int rows) {
        if (chunks.isEmpty() || part.apply(chunks.get(0)) == null) return null;
        int[] out = new int[rows];
        int offset = 0;
        for (int c = 0; c < chunks.size(); c++) {
            int[] local = part.apply(chunks.get(c));
            for (int i = 0; i < chunks.get(c).size; i++) out[offset + i] = maps[c][local[i]];
            offset += chunks.get(c).size;
        }
        return out;
    }


    private static List<short[]> groups(List<Chunk> chunks, List<short[][]> maps, int slices, int rows) {
        List<short[]> out = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            short[] groups = new short[rows];
            int offset = 0;
            for (int c = 0; c < chunks.size(); c++) {
                short[] local = chunks.get(c).groups.get(s);
                short[] map = maps.get(c)[s];
                for (int i = 0; i < chunks.get(c).size; i++) groups[offset + i] = map[local[i]];
                chunks.get(c).groups.set(s, null);
                offset += chunks.get(c).size;
            }
            out.add(groups);
        }
        return out;
    }
}
