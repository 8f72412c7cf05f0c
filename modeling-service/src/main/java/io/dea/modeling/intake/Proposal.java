package io.dea.modeling.intake;

import io.dea.events.v1.GoalSpec;
import java.util.List;

/**
 * What the words were read as: the structured goal proposed (every part that could be matched),
 * one line per part saying what it came from, and one line per question for what was left out.
 */
record Proposal(GoalSpec goal, List<String> matches, List<String> questions) {
}
