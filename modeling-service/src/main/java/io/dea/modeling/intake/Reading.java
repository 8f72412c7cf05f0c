package io.dea.modeling.intake;

import io.dea.platform.goal.Aggregate;
import java.util.List;

/**
 * What the grammar read from a goal's words, before any word is matched to the data.
 *
 * @param measures    each measure phrase: its aggregate word (or none) and the words that name what to aggregate
 * @param timeGrain   day, week or month when the words say one (daily, per month, ...), else null
 * @param timeWords   the words the time grain was read from, for the matches
 * @param grains      each "by"/"per"/"for each" phrase that is not a time grain
 * @param sources     each source named after "from"
 * @param filters     each "excluding"/"without"/"only"/"where" phrase
 * @param martName    the name after "called"/"named", or null
 * @param environment dev, staging or prod when the words say "in ..." , else null
 * @param questions   what the grammar itself cannot take (a time grain the platform has not), one line each
 */
record Reading(List<Measure> measures, String timeGrain, String timeWords, List<Phrase> grains, List<Phrase> sources,
               List<Filter> filters, String martName, String environment, List<String> questions) {

    /** Words of the goal, as written (lower case). */
    record Phrase(List<String> words) {
        String text() {
            return String.join(" ", words);
        }
    }

    /**
     * One measure phrase.
     *
     * @param agg     the aggregate its words name, or null when they name none (a sum of money, or a count of a table)
     * @param phrase  the whole phrase as written ("number of orders")
     * @param subject the words naming what is aggregated ("orders")
     */
    record Measure(Aggregate agg, Phrase phrase, Phrase subject) {
    }

    /** How a filter phrase keeps rows. */
    enum FilterKind { EXCLUDE, ONLY, WHERE }

    /**
     * One filter phrase.
     *
     * @param kind    excluding/without (EXCLUDE), only (ONLY), or a comparison after where (WHERE)
     * @param phrase  the whole phrase as written
     * @param subject EXCLUDE/ONLY: the words naming the values; WHERE: the words naming the column
     * @param op      WHERE: the SQL comparison (=, <>, <, >, <=, >=); else null
     * @param value   WHERE: the words of the value as written; else null
     */
    record Filter(FilterKind kind, Phrase phrase, Phrase subject, String op, Phrase value) {
    }
}
