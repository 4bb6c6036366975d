package io.modelgate.step;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;
import java.util.Comparator;

/** The name a user probably meant when they typed one that does not exist: a typo of it, or its start. */
public final class DidYouMean {

    private DidYouMean() {
    }

    /** The candidate closest to {@code typed} when it is close enough to be a typo (or {@code typed} starts it); null otherwise. */
    public static String closest(String typed, Collection<String> candidates) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return candidates.stream()
                .filter(candidate -> (typed.length() >= 4 && candidate.startsWith(typed))
                        || distance.apply(typed, candidate) <= Math.max(1, Math.min(3, candidate.length() / 3)))
                .min(Comparator.comparingInt((String candidate) -> distance.apply(typed, candidate)))
                .orElse(null);
    }

    /** "; did you mean 'x'?" for {@link #closest}, or nothing. */
    public static String suffix(String typed, Collection<String> candidates) {
        String closest = closest(typed, candidates);
        return closest == null ? "" : "; did you mean '" + closest + "'?";
    }
}
