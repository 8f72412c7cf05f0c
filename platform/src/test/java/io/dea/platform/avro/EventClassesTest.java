package io.dea.platform.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.dea.events.v1.EventMeta;
import io.dea.events.v1.TaskResult;
import io.dea.platform.kafka.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

/** Reading through EventClasses trusts our event package and nothing else of ours. */
class EventClassesTest {

    @Test
    void aRecordReadThroughItsReaderComesBackAsItsClassAndCopies() throws Exception {
        EventMeta meta = EventMeta.newBuilder().setEventId("e").setTraceId("t").setGoalId("g").setPlanId("g")
                .setProducedAt(Instant.EPOCH).setService("test").setInstance("i").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(EventMeta.class).write(meta, encoder);
        encoder.flush();
        EventMeta read = EventClasses.reader(EventMeta.class).read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(read).isEqualTo(meta);
        assertThat(EventMeta.newBuilder(read).setService("copy").build().getGoalId()).isEqualTo("g");
    }

    @Test
    void onlyTheEventPackageIsTrusted() {
        EventClasses.trust();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(TaskResult.class)).isTrue();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(TopicSpec.class)).isFalse();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(ProcessBuilder.class)).isFalse();
    }
}
