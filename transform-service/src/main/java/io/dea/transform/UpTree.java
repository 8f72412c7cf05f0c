package io.dea.transform;

import io.dea.platform.goal.Relationship;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The sources reachable from one source by following relationships upward (child to parent), each
 * with the relationship it is first reached by (breadth first, so the shortest path). Joining along
 * these edges keeps exactly one row per row of the root.
 */
final class UpTree {

    private final String root;
    private final LinkedHashMap<String, Relationship> via;

    UpTree(String root, LinkedHashMap<String, Relationship> via) {
        this.root = root;
        this.via = via;
    }

    String root() {
        return root;
    }

    boolean contains(String source) {
        return via.containsKey(source);
    }

    boolean containsAll(Collection<String> sources) {
        return via.keySet().containsAll(sources);
    }

    /** The relationship by which a source is reached; null for the root. */
    Relationship via(String source) {
        return via.get(source);
    }

    /** The first source, nearest first, that matches. */
    String first(Predicate<String> test) {
        return via.keySet().stream().filter(test).findFirst().orElse(null);
    }

    /** The joins that reach every target from the root, in an order where each parent follows its child. */
    List<Relationship> joins(Collection<String> targets) {
        Set<String> needed = new LinkedHashSet<>();
        for (String target : targets) {
            for (String s = target; s != null && !s.equals(root); s = via.get(s).child()) {
                needed.add(s);
            }
        }
        List<Relationship> joins = new ArrayList<>();
        for (String s : via.keySet()) {
            if (needed.contains(s)) {
                joins.add(via.get(s));
            }
        }
        return joins;
    }
}
