package io.modelgate.evaluation;

import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.modelgate.config.ConfigMapper;
import io.modelgate.config.EvaluationConfig;
import io.modelgate.delta.DeltaTable;
import io.modelgate.fault.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scored table read with Delta Kernel, one file per core, back in the table's file order; and
 * every refusal of the bad-input contract: exit 2 naming table, version and column, the candidate's
 * failure (exit 1), the champion's (exit 3).
 */
class ScoredTableTest {

    private static final StructType SCHEMA = new StructType()
            .add("id", LongType.LONG).add("label", IntegerType.INTEGER).add("country", StringType.STRING)
            .add("score_candidate", DoubleType.DOUBLE).add("score_baseline", DoubleType.DOUBLE);

    @TempDir
    Path dir;

    private static EvaluationConfig config(String extra) throws Exception {
        return ConfigMapper.get().readValue("table: scored\nlabel: label\nkey: id\nslices: [{by: [country]}]\n" + extra, EvaluationConfig.class);
    }

    private String table(List<List<Object[]>> files) {
        String path = dir.resolve("scored").toString();
        for (List<Object[]> rows : files) KernelTables.append(path, SCHEMA, rows);
        return path;
    }

    private static Object[] row(long id, Integer label, String country, Double candidate, Double baseline) {
        return new Object[] {id, label, country, candidate, baseline};
    }

    private static DeltaTable open(String path) {
        return DeltaTable.open(KernelTables.ENGINE, "scored", path, null, null);
    }

    private static Columns read(String path, String extra) throws Exception {
        return ScoredTable.read(open(path), config(extra), "the candidate (m v2)", "the champion (m v1)", 2);
    }

    @Test
    void filesComeBackInTheTablesOrderWhateverTheCores() throws Exception {
        List<List<Object[]>> files = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            List<Object[]> rows = new ArrayList<>();
            for (int r = 0; r < 300; r++) {
                long id = f * 1000L + r;
                rows.add(row(id, (int) (id % 2), "c" + (id % 3 + f % 2), id / 10000.0, 0.5));
            }
            files.add(rows);
        }
        String path = table(files);
        // The table's own order: a plain sequential scan, file after file.
        List<Double> expected = new ArrayList<>();
        open(path).scan(List.of("score_candidate"), java.util.Optional.empty(), rows -> {
            for (int r = 0; r < rows.size(); r++) expected.add(rows.column(0).getDouble(r));
        });
        for (int threads : new int[] {1, 2, 4}) {
            Columns columns = ScoredTable.read(open(path), config(""), "c", "b", threads);
            assertEquals(1500, columns.rows());
            for (int i = 0; i < 1500; i++) assertEquals(expected.get(i), columns.candidate()[i], "row " + i + " with " + threads + " threads");
            List<String> firstSeen = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                String country = "c" + (Math.round(columns.candidate()[i] * 10000) % 3 + Math.round(columns.candidate()[i] * 10000) / 1000 % 2);
                if (!firstSeen.contains(country)) firstSeen.add(country);
                assertEquals(country, columns.groupNames().get(0).get(columns.groups().get(0)[i]), "row " + i);
            }
            assertEquals(firstSeen, columns.groupNames().get(0), "groups named in order of first appearance");
        }
    }

    @Test
    void aMissingOrMistypedColumnIsRefusedNamingTableVersionAndColumn() throws Exception {
        String path = table(List.of(List.<Object[]>of(row(1, 1, "de", 0.9, 0.8))));
        Fault missing = assertThrows(Fault.class, () -> read(path, "slices: [{by: [region]}]"));
        assertEquals(Fault.Kind.USAGE, missing.kind());
        assertEquals("table scored (" + path + ") version 0 has no column region (columns: id, label, country, score_candidate, score_baseline)",
                missing.getMessage());
        Fault mistyped = assertThrows(Fault.class, () -> read(path, "weight: country"));
        assertEquals("table scored (" + path + ") version 0: column country is string, expected a numeric column", mistyped.getMessage());
        EvaluationConfig textLabel = ConfigMapper.get().readValue("table: scored\nlabel: country\n", EvaluationConfig.class);
        Fault label = assertThrows(Fault.class, () -> ScoredTable.read(open(path), textLabel, "c", "b", 1));
        assertTrue(label.getMessage().endsWith("column country is string, expected 0/1 integers or booleans"), label.getMessage());
    }

    @Test
    void labelsOtherThanZeroAndOneAreRefused() throws Exception {
        String path = table(List.of(List.of(row(1, 1, "de", 0.9, 0.8), row(7, 2, "de", 0.2, 0.1), row(8, 2, "fr", 0.2, 0.1))));
        Fault fault = assertThrows(Fault.class, () -> read(path, ""));
        assertEquals(Fault.Kind.USAGE, fault.kind());
        assertEquals("table scored (" + path + ") version 0: label column label holds values other than 0 and 1 in 2 rows (first: id 7: 2)",
                fault.getMessage());
    }

    @Test
    void aCandidateThatCannotScoreFailsTheGateAndAChampionThatCannotIsNoVerdict() throws Exception {
        String nan = table(List.of(List.of(row(1, 1, "de", 0.9, 0.8), row(3, 0, "de", Double.NaN, 0.1))));
        CandidateCannotScore candidate = assertThrows(CandidateCannotScore.class, () -> read(nan, ""));
        assertEquals("the candidate (m v2) cannot score the evaluation set: scores that are not finite numbers (NaN) in 1 row (first: id 3)",
                candidate.getMessage());

        String outOfRange = dir.resolve("range").toString();
        KernelTables.append(outOfRange, SCHEMA, List.<Object[]>of(row(1, 1, "de", 1.7, 0.8)));
        assertThrows(CandidateCannotScore.class, () -> ScoredTable.read(open(outOfRange), config(""), "c", "b", 1),
                "log_loss and brier need probabilities");
        Columns margins = ScoredTable.read(open(outOfRange), config("metrics: [roc_auc]"), "c", "b", 1);
        assertEquals(1.7, margins.candidate()[0], "a ranking metric takes any score");

        String champion = dir.resolve("champion").toString();
        KernelTables.append(champion, SCHEMA, List.<Object[]>of(row(1, 1, "de", 0.9, Double.POSITIVE_INFINITY)));
        Fault fault = assertThrows(Fault.class, () -> read(champion, ""));
        assertEquals(Fault.Kind.INFRASTRUCTURE, fault.kind());
        assertTrue(fault.getMessage().startsWith("the champion (m v1) cannot score the evaluation set"), fault.getMessage());
    }

    @Test
    void aRowScoredByOneModelOnlyMeansTheKeySetsDiffer() throws Exception {
        String path = table(List.of(List.of(row(1, 1, "de", 0.9, 0.8), row(5, 0, "de", 0.3, null))));
        Fault fault = assertThrows(Fault.class, () -> read(path, ""));
        assertEquals(Fault.Kind.USAGE, fault.kind());
        assertEquals("table scored (" + path + ") version 0: the key sets of score_candidate and score_baseline differ: 1 row (first: id 5) "
                + "scored by one model only; a scoring job scores every row with both", fault.getMessage());
    }

    @Test
    void aPinnedVersionTheTableLacksNamesTheLatest() {
        String path = table(List.of(List.<Object[]>of(row(1, 1, "de", 0.9, 0.8)), List.<Object[]>of(row(2, 0, "de", 0.1, 0.2))));
        Fault fault = assertThrows(Fault.class, () -> DeltaTable.open(KernelTables.ENGINE, "holdout", path, 7L, null));
        assertEquals(Fault.Kind.USAGE, fault.kind());
        assertTrue(fault.getMessage().startsWith("table holdout (" + path + "): cannot read version 7: "), fault.getMessage());
        assertTrue(fault.getMessage().endsWith("; its latest version is 1"), fault.getMessage());
    }

    @Test
    void aFirstModelNeedsNoChampionColumn() throws Exception {
        String path = table(List.of(List.<Object[]>of(row(1, 1, "de", 0.9, null))));
        Columns columns = ScoredTable.read(open(path), config(""), "c", null, 1);
        assertArrayEquals(new double[] {0.9}, columns.candidate());
        assertEquals(null, columns.baseline());
    }
}
