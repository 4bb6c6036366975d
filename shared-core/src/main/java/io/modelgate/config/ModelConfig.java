package io.modelgate.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Map;

/** One registered model: its registry style, its quality gate, its promotion policy, its contract and its evaluation set. */
public record ModelConfig(
        @JsonPropertyDescription("aliases (challenger -> champion, default) or stages (None -> Staging -> Production)")
        Registry registry,
        @JsonPropertyDescription("Name of the registered model in MLflow, when it differs from the key")
        String registeredName,
        @JsonPropertyDescription("The quality gate of candidate versions")
        ValidationConfig validation,
        @JsonPropertyDescription("Promotion policy per environment name")
        Map<String, PromotionRule> promotion,
        @JsonPropertyDescription("What check-model holds candidate versions to: signature compatibility, the feature table, loading and "
                + "scoring for real, serving, budgets")
        ContractConfig contract,
        @JsonPropertyDescription("evaluate-model: candidate and champion scored on one frozen evaluation set; validate-model then gates on it")
        EvaluationConfig evaluation) {

    public enum Registry {
        @JsonProperty("aliases") ALIASES,
        @JsonProperty("stages") STAGES
    }

    public ModelConfig {
        registry = registry == null ? Registry.ALIASES : registry;
        validation = validation == null ? new ValidationConfig(null, null, null, null, null, null, null, null) : validation;
        promotion = promotion == null ? Map.of() : Map.copyOf(promotion);
        contract = contract == null ? ContractConfig.defaults() : contract;
    }

    void validate(ConfigCheck check, String path, Map<String, TableConfig> tables, Map<String, JobConfig> jobs) {
        validation.validate(check, ConfigCheck.join(path, "validation"));
        contract.validate(check, ConfigCheck.join(path, "contract"));
        promotion.forEach((environment, rule) -> rule.validate(check, ConfigCheck.join(path, "promotion." + environment)));
        if (evaluation != null) {
            evaluation.validate(check, ConfigCheck.join(path, "evaluation"), tables, jobs);
            if (evaluation.spark() != null) evaluation.spark().validateSettings(check, ConfigCheck.join(path, "evaluation.spark"));
        }
        validation.metrics().forEach((metric, rule) -> {
            if (rule.confidence() != null && (evaluation == null || !evaluation.metrics().contains(metric))) {
                throw check.fail(ConfigCheck.join(path, "validation.metrics." + metric + ".confidence"), evaluation == null
                        ? "a confidence needs an evaluation: declare models.<model>.evaluation, whose bootstrap gives the interval"
                        : "\"" + metric + "\" is not computed by the evaluation (" + String.join(", ", evaluation.metrics()) + "): no interval to judge on");
            }
        });
    }
}
