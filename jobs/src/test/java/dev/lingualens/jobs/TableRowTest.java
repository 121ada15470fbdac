package dev.lingualens.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lingualens.common.schema.NeuronTables;
import dev.lingualens.common.schema.RankerTables;
import dev.lingualens.common.schema.Tables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class TableRowTest {
  private static Row language(String model, String lang, int layer, int neuron) {
    return TableRow.of(NeuronTables.LANGUAGE_NEURONS)
        .set("neuron", neuron)
        .set("layer", layer)
        .set("lang", lang)
        .set("model", model)
        .set("run_id", null)
        .build();
  }

  @Test
  void buildsInTheContractsOrderWhateverOrderTheColumnsAreSetIn() {
    Row r = language("m", "fra", 3, 17);
    assertThat(r.schema().fieldNames())
        .containsExactly("model", "lang", "layer", "neuron", "run_id");
    assertThat(r.<String>getAs("model")).isEqualTo("m");
    assertThat(r.<Integer>getAs("neuron")).isEqualTo(17);
    assertThat(r.<String>getAs("run_id")).isNull();
  }

  @Test
  void failsOnAnUnknownColumnAWrongTypeAndAColumnNeverSet() {
    assertThatThrownBy(() -> TableRow.of(NeuronTables.LANGUAGE_NEURONS).set("neurons", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'neurons'")
        .hasMessageContaining("language_neurons");
    assertThatThrownBy(() -> TableRow.of(NeuronTables.LANGUAGE_NEURONS).set("layer", 3L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("language_neurons.layer is int")
        .hasMessageContaining("java.lang.Long");
    assertThatThrownBy(
            () ->
                TableRow.of(NeuronTables.LANGUAGE_NEURONS)
                    .set("model", "m")
                    .set("lang", "fra")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[layer, neuron, run_id]");
  }

  @Test
  void checksArrayAndMapElements() {
    TableRow counts = TableRow.of(NeuronTables.NEURON_COUNTS);
    counts.set("counts", new long[] {1, 2}).set("sum1", new double[] {0.5}).set("sum2", null);
    assertThatThrownBy(() -> counts.set("counts", new int[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neuron_counts.counts is array<bigint>");
    assertThatThrownBy(
            () -> TableRow.of(RankerTables.REPRESENTATIONS).set("vector", new Double[] {1.0}))
        .isInstanceOf(IllegalArgumentException.class);
    TableRow.of(RankerTables.REPRESENTATIONS)
        .set("vector", new Float[] {1f, null})
        .set("vector", List.of(2f));
    Map<String, Double> probs = new LinkedHashMap<>();
    probs.put("fra", 0.25);
    TableRow.of(NeuronTables.NEURON_SCORES)
        .set("probabilities", scala.collection.JavaConverters.mapAsScalaMap(probs))
        .set("probabilities", probs);
    Map<String, Object> wrong = Map.of("fra", "high");
    assertThatThrownBy(() -> TableRow.of(NeuronTables.NEURON_SCORES).set("probabilities", wrong))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sparkTakesTheRowsAsBeforeAndReadsThemBackByName() {
    List<Row> rows = List.of(language("m", "fra", 3, 17), language("m", "deu", 0, 2));
    List<Row> back =
        SparkTestSession.get()
            .createDataFrame(rows, SparkSchemas.of(NeuronTables.LANGUAGE_NEURONS))
            .orderBy("lang")
            .collectAsList();
    assertThat(back)
        .extracting(r -> r.getAs("lang") + "/" + r.getAs("layer") + "/" + r.getAs("neuron"))
        .containsExactly("deu/0/2", "fra/3/17");
  }

  @Test
  void internalSchemasGoByNameToo() {
    StructType pairs = StructType.fromDDL("src string, tgt string");
    Row r = TableRow.of(pairs).set("tgt", "fra").set("src", "eng").build();
    assertThat(r.<String>getAs("src")).isEqualTo("eng");
    Row copy = TableRow.of(pairs.add("n", "int")).setAll(r).set("n", 2).build();
    assertThat(copy.<String>getAs("tgt")).isEqualTo("fra");
    assertThat(copy.<Integer>getAs("n")).isEqualTo(2);
  }

  @Test
  void everyContractsSchemaCarriesTheColumnDescriptionsAsComments() {
    for (Tables.Table t : Tables.ALL) {
      StructType s = SparkSchemas.of(t);
      for (Tables.Column c : t.columns()) {
        assertThat(s.apply(c.name()).getComment().get())
            .as(t.name() + "." + c.name())
            .isEqualTo(c.description());
      }
    }
  }
}
