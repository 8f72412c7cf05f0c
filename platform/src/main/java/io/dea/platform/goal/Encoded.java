package io.dea.platform.goal;

/**
 * A value that travels as one string in a step's outputs. An implementation also has a static
 * {@code parse(String)} that reads back what {@link #encode()} wrote (see io.dea.platform.step.StepOutputs).
 */
public interface Encoded {

    String encode();
}
