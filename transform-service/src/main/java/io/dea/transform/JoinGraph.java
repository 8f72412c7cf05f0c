package io.dea.transform;

import io.dea.platform.goal.Relationship;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The goal's sources as a graph of many-to-one relationships, walked upward only. */
final class JoinGraph {

    private final Map<String, List<Relationship>> parents = new LinkedHashMap<>();

    JoinGraph(Collection<String> sources, List<Relationship> relationships) {
        for (Relationship r : relationships) {
            if (!sources.contains(r.child()) || !sources.contains(r.parent())) {
                throw new MartModelException("relationship " + r + " names a source the goal does not have");
            }
            if (!r.child().equals(r.parent())) {
                parents.computeIfAbsent(r.child(), k -> new ArrayList<>()).add(r);
            }
        }
    }

    UpTree upward(String from) {
        LinkedHashMap<String, Relationship> via = new LinkedHashMap<>();
        via.put(from, null);
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        while (!queue.isEmpty()) {
            for (Relationship r : parents.getOrDefault(queue.poll(), List.of())) {
                if (!via.containsKey(r.parent())) {
                    via.put(r.parent(), r);
                    queue.add(r.parent());
                }
            }
        }
        return new UpTree(from, via);
    }

    /** The source from which all the others are reachable upward, or null when there is none. */
    String home(Set<String> sources) {
        return sources.stream().filter(s -> upward(s).containsAll(sources)).findFirst().orElse(null);
    }
}
