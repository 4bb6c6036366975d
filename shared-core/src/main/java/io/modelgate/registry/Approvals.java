package io.modelgate.registry;

import io.modelgate.mlflow.ModelVersion;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code require_approval} judges, read from outside the registry only when a rule asks:
 * the approvals given for this run, team membership, and who wrote the commit and the model.
 */
public interface Approvals {

    /** The approvals given for this run's move into the environment (approved reviews only). */
    List<Approval> given(String environment);

    /** Whether the user belongs to the GitHub team written org/team. */
    boolean inTeam(String user, String team);

    /** The names the commit's author goes by: name, e-mail, and the login of a GitHub no-reply address. */
    Set<String> commitAuthor();

    /** Who registered the version: its user_id, else the user its run recorded (tag mlflow.user). */
    Optional<String> modelAuthor(ModelVersion version);

    /** No approvals anywhere: a run outside CI, or a test of the other rules. */
    Approvals NONE = new Approvals() {
        @Override
        public List<Approval> given(String environment) {
            return List.of();
        }

        @Override
        public boolean inTeam(String user, String team) {
            return false;
        }

        @Override
        public Set<String> commitAuthor() {
            return Set.of();
        }

        @Override
        public Optional<String> modelAuthor(ModelVersion version) {
            return Optional.empty();
        }
    };
}
