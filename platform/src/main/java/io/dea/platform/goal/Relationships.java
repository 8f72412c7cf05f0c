package io.dea.platform.goal;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The model step's relationships, as they go in its outputs: {@code payments.order_id->orders.id;...}. */
public record Relationships(List<Relationship> all) implements Encoded {

    public Relationships {
        all = List.copyOf(all);
    }

    /** Parses the encoded list; refuses an entry of another shape. */
    public static Relationships parse(String text) {
        return new Relationships(Relationship.parseAll(Arrays.asList(text.split(";"))));
    }

    @Override
    public String encode() {
        return all.stream().map(Relationship::toString).collect(Collectors.joining(";"));
    }
}
