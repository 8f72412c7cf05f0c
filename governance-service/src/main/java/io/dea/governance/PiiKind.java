package io.dea.governance;

import java.util.Locale;

/**
 * The kinds of personal data the agent recognises, each with how a masked view hides it. Masks
 * keep what analysts still need and nothing more: an email becomes a stable hash (so it still
 * joins and counts distinct), a card keeps its last four digits (what receipts show), a phone its
 * last two; everything else is hashed. NULL stays NULL.
 */
public enum PiiKind {
    EMAIL {
        @Override
        public String mask(String column) {
            return "md5(lower(trim(cast(" + column + " as varchar))))";
        }
    },
    PHONE {
        @Override
        public String mask(String column) {
            return "'***' || right(regexp_replace(cast(" + column + " as varchar), '[^0-9]', '', 'g'), 2)";
        }
    },
    CARD_NUMBER {
        @Override
        public String mask(String column) {
            return "'************' || right(regexp_replace(cast(" + column + " as varchar), '[^0-9]', '', 'g'), 4)";
        }
    },
    IP_ADDRESS,
    NATIONAL_ID,
    PERSON_NAME,
    ADDRESS,
    BIRTH_DATE;

    /** The name used in dbt meta and outputs, e.g. {@code card_number}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A DuckDB expression that hides the value of the (already quoted) column. */
    public String mask(String column) {
        return "md5(cast(" + column + " as varchar))";
    }
}
