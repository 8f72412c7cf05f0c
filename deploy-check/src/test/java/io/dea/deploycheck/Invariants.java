package io.dea.deploycheck;

import io.dea.platform.kafka.AgentKind;
import io.dea.platform.kafka.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The deployment's rules, each a method returning what breaks it in one rendered overlay (empty: holds).
 * Returning violations instead of asserting lets a test show that a broken variant is caught.
 */
final class Invariants {

    static final String READINESS = "/actuator/health/readiness";
    static final String LIVENESS = "/actuator/health/liveness";
    static final String IMAGE_TAG = "0.1.0";
    /** The keys the services read from the ConfigMap; docker-compose.yml sets the same. */
    static final List<String> CONFIG_KEYS = List.of("KAFKA_BOOTSTRAP", "SCHEMA_REGISTRY_URL", "DEA_PARTITIONS",
            "DEA_REPLICAS", "DEA_AUTO_REGISTER_SCHEMAS");
    static final String SCHEMA_TOPIC = "dea._schemas";

    private Invariants() {
    }

    /** Every service: a Deployment and a Service; probes, resources, image, configuration, port. */
    static List<String> deployments(Rendered r) {
        List<String> v = new ArrayList<>();
        Map<String, Deployment> deployments = r.byName(Deployment.class);
        Map<String, Service> services = r.byName(Service.class);
        Set<String> expected = new HashSet<>(Repo.services());
        for (String name : deployments.keySet()) {
            if (!expected.contains(name)) {
                v.add("Deployment " + name + " is not one of the services " + Repo.services());
            }
        }
        for (String name : Repo.services()) {
            Deployment d = deployments.get(name);
            if (d == null) {
                v.add("no Deployment " + name);
                continue;
            }
            if (!services.containsKey(name)) {
                v.add("no Service " + name);
            }
            checkDeployment(r, d, v);
        }
        return v;
    }

    private static void checkDeployment(Rendered r, Deployment d, List<String> v) {
        String name = d.getMetadata().getName();
        String at = "Deployment " + name + ": ";
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata().getLabels();
        if (d.getSpec().getSelector() == null || !matches(d.getSpec().getSelector().getMatchLabels(), podLabels)) {
            v.add(at + "selector does not match the pod template's labels");
        }
        boolean agent = Repo.agentServices().contains(name);
        if (agent && d.getSpec().getReplicas() != null) {
            v.add(at + "an agent's replicas belong to its autoscaler; spec.replicas would reset them on every apply");
        }
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        if (!Boolean.FALSE.equals(pod.getEnableServiceLinks())) {
            v.add(at + "enableServiceLinks must be false: Kubernetes would set GOVERNANCE_SERVICE_PORT, COST_SERVICE_PORT, "
                    + "OPS_SERVICE_PORT (tcp://...), the very variables those services take their HTTP port from");
        }
        if (pod.getContainers().size() != 1) {
            v.add(at + "expected exactly one container");
            return;
        }
        Container c = pod.getContainers().get(0);
        if (!("dea/" + name + ":" + IMAGE_TAG).equals(c.getImage())) {
            v.add(at + "image " + c.getImage() + ", expected dea/" + name + ":" + IMAGE_TAG);
        }
        Repo.ServerPort port = Repo.serverPort(name);
        List<ContainerPort> ports = c.getPorts() == null ? List.of() : c.getPorts();
        if (ports.stream().noneMatch(p -> p.getContainerPort() == port.port())) {
            v.add(at + "no containerPort " + port.port() + " (the service's server.port default)");
        }
        Map<String, EnvVar> env = new LinkedHashMap<>();
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            if (env.put(e.getName(), e) != null) {
                v.add(at + "env " + e.getName() + " is set twice");
            }
        }
        if (port.variable() != null && env.containsKey(port.variable())
                && !String.valueOf(port.port()).equals(env.get(port.variable()).getValue())) {
            v.add(at + port.variable() + " must stay " + port.port() + ", the containerPort");
        }
        checkProbe(at + "readinessProbe", c.getReadinessProbe(), READINESS, ports, port.port(), v);
        checkProbe(at + "livenessProbe", c.getLivenessProbe(), LIVENESS, ports, port.port(), v);
        if (c.getStartupProbe() != null) {
            checkProbe(at + "startupProbe", c.getStartupProbe(), LIVENESS, ports, port.port(), v);
        }
        checkResources(at, c.getResources(), v);
        List<String> envFrom = new ArrayList<>();
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                envFrom.add("configmap:" + base(from.getConfigMapRef().getName()));
                if (configMapNamed(r, from.getConfigMapRef().getName()) == null) {
                    v.add(at + "envFrom ConfigMap " + from.getConfigMapRef().getName() + " is not rendered");
                }
            }
            if (from.getSecretRef() != null) {
                envFrom.add("secret:" + base(from.getSecretRef().getName()));
                if (secretNamed(r, from.getSecretRef().getName()) == null) {
                    v.add(at + "envFrom Secret " + from.getSecretRef().getName() + " is not rendered");
                }
            }
        }
        if (!envFrom.contains("configmap:dea-config") || !envFrom.contains("secret:dea-kafka-auth")) {
            v.add(at + "must take its environment from ConfigMap dea-config and Secret dea-kafka-auth, has " + envFrom);
        }
        for (EnvVar e : env.values()) {
            if (e.getValueFrom() == null) {
                continue;
            }
            if (e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                ConfigMap cm = configMapNamed(r, ref.getName());
                if (cm == null || cm.getData() == null || !cm.getData().containsKey(ref.getKey())) {
                    v.add(at + "env " + e.getName() + " refers to missing ConfigMap key " + ref.getName() + "/" + ref.getKey());
                }
            }
            if (e.getValueFrom().getSecretKeyRef() != null) {
                var ref = e.getValueFrom().getSecretKeyRef();
                Secret s = secretNamed(r, ref.getName());
                // Strimzi's user operator writes a KafkaUser's Secret (same name) with these keys.
                boolean kafkaUserSecret = r.all(Crds.KafkaUser.class).stream().anyMatch(u -> u.metadata().getName().equals(ref.getName()))
                        && List.of("password", "sasl.jaas.config").contains(ref.getKey());
                if (!kafkaUserSecret && (s == null || s.getData() == null || !s.getData().containsKey(ref.getKey()))) {
                    v.add(at + "env " + e.getName() + " refers to missing Secret key " + ref.getName() + "/" + ref.getKey());
                }
            }
        }
        Set<String> volumes = new HashSet<>();
        for (Volume vol : pod.getVolumes() == null ? List.<Volume>of() : pod.getVolumes()) {
            volumes.add(vol.getName());
            if (vol.getSecret() != null && secretNamed(r, vol.getSecret().getSecretName()) == null) {
                v.add(at + "volume " + vol.getName() + " refers to missing Secret " + vol.getSecret().getSecretName());
            }
            if (vol.getPersistentVolumeClaim() != null && !r.byName(PersistentVolumeClaim.class)
                    .containsKey(vol.getPersistentVolumeClaim().getClaimName())) {
                v.add(at + "volume " + vol.getName() + " refers to missing PVC " + vol.getPersistentVolumeClaim().getClaimName());
            }
        }
        List<VolumeMount> mounts = c.getVolumeMounts() == null ? List.of() : c.getVolumeMounts();
        for (VolumeMount mount : mounts) {
            if (!volumes.contains(mount.getName())) {
                v.add(at + "mounts undeclared volume " + mount.getName());
            }
        }
        if (!name.equals(Repo.REGISTRY)) {
            checkFiles(r, at, agent, !name.equals(Repo.REVIEW), pod, env, mounts, v);
        }
    }

    /**
     * The platform creates the warehouse file and the data project's Git repository under DEA_HOME when
     * a service starts, so DEA_HOME must be a writable mount (the image's user cannot create /var/lib/...);
     * agents share theirs on the dea-home claim, and the orchestrator and agents must reach the file sources.
     */
    private static void checkFiles(Rendered r, String at, boolean agent, boolean readsSources, PodSpec pod, Map<String, EnvVar> env,
                                   List<VolumeMount> mounts, List<String> v) {
        String home = env.containsKey("DEA_HOME") ? env.get("DEA_HOME").getValue() : r.config().get("DEA_HOME");
        VolumeMount homeMount = mounts.stream().filter(m -> m.getMountPath().equals(home)).findFirst().orElse(null);
        if (home == null || homeMount == null || Boolean.TRUE.equals(homeMount.getReadOnly())) {
            v.add(at + "DEA_HOME " + home + " is not a writable volume mount (the platform creates files there at start)");
        } else if (agent) {
            Volume volume = pod.getVolumes().stream().filter(vol -> vol.getName().equals(homeMount.getName())).findFirst().orElse(null);
            if (volume == null || volume.getPersistentVolumeClaim() == null
                    || !"dea-home".equals(volume.getPersistentVolumeClaim().getClaimName())) {
                v.add(at + "an agent's DEA_HOME must be the shared claim dea-home (one warehouse, one data project)");
            }
        }
        String sources = environment(r, pod.getContainers().get(0)).get("DEA_SOURCE_DIR");
        if (readsSources && sources != null && mounts.stream().noneMatch(m -> SourceDefaults.inside(sources, m.getMountPath()))) {
            v.add(at + "DEA_SOURCE_DIR " + sources + " is on no volume");
        }
    }

    /**
     * The orchestrator and the ingestion agent read goal sources through the same files connection
     * {@value SourceDefaults#CONNECTION}, rooted on a read-only mount outside DEA_HOME (SourceDefaults).
     */
    static List<String> sources(Rendered r) {
        List<String> v = new ArrayList<>();
        Map<String, Object> connections = new LinkedHashMap<>();
        for (String name : SourceDefaults.SERVICES) {
            Deployment d = r.deployment(name).orElse(null);
            if (d == null) {
                v.add("no Deployment " + name);
                continue;
            }
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> env = environment(r, c);
            Map<String, Boolean> mounts = new LinkedHashMap<>();
            for (VolumeMount m : c.getVolumeMounts() == null ? List.<VolumeMount>of() : c.getVolumeMounts()) {
                mounts.put(m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly()) || readOnlyClaim(d, m.getName()));
            }
            v.addAll(SourceDefaults.violations("Deployment " + name + ": ", name, env, r.config().get("DEA_HOME"), mounts));
            connections.put(name, SourceDefaults.bind(name, env).settings().connections());
        }
        if (connections.values().stream().distinct().count() > 1) {
            v.add("the orchestrator and the ingestion agent must define the same connections, have " + connections);
        }
        return v;
    }

    /** A container's environment as the process sees it: envFrom ConfigMaps and Secrets, then env values. */
    static Map<String, String> environment(Rendered r, Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null && configMapNamed(r, from.getConfigMapRef().getName()) != null) {
                env.putAll(configMapNamed(r, from.getConfigMapRef().getName()).getData());
            }
            if (from.getSecretRef() != null && secretNamed(r, from.getSecretRef().getName()) != null) {
                env.putAll(OverlaysTest.decode(secretNamed(r, from.getSecretRef().getName())));
            }
        }
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), e.getValue() == null ? "" : e.getValue());
            }
        }
        return env;
    }

    private static boolean readOnlyClaim(Deployment d, String volume) {
        return d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .anyMatch(vol -> vol.getName().equals(volume) && vol.getPersistentVolumeClaim() != null
                        && Boolean.TRUE.equals(vol.getPersistentVolumeClaim().getReadOnly()));
    }

    private static void checkProbe(String at, Probe probe, String path, List<ContainerPort> ports, int port, List<String> v) {
        if (probe == null) {
            v.add(at + " is missing");
            return;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get == null || !path.equals(get.getPath())) {
            v.add(at + " must be an HTTP GET of " + path);
            return;
        }
        Integer resolved = resolvePort(get.getPort(), ports);
        if (resolved == null || resolved != port) {
            v.add(at + " port " + portText(get.getPort()) + " is not the service's port " + port);
        }
    }

    private static void checkResources(String at, ResourceRequirements res, List<String> v) {
        if (res == null) {
            v.add(at + "no resources");
            return;
        }
        for (String kind : List.of("cpu", "memory")) {
            Quantity request = res.getRequests() == null ? null : res.getRequests().get(kind);
            Quantity limit = res.getLimits() == null ? null : res.getLimits().get(kind);
            if (request == null || limit == null) {
                v.add(at + "needs both a request and a limit of " + kind);
            } else if (Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                v.add(at + kind + " request " + request + " exceeds its limit " + limit);
            }
        }
    }

    /** Every Service selects the pods of a Deployment and targets a port they declare. */
    static List<String> services(Rendered r) {
        List<String> v = new ArrayList<>();
        for (Service s : r.all(Service.class)) {
            String at = "Service " + s.getMetadata().getName() + ": ";
            Deployment d = r.all(Deployment.class).stream()
                    .filter(dep -> matches(s.getSpec().getSelector(), dep.getSpec().getTemplate().getMetadata().getLabels()))
                    .findFirst().orElse(null);
            if (d == null) {
                v.add(at + "selects no Deployment's pods");
                continue;
            }
            List<ContainerPort> ports = d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts();
            for (ServicePort p : s.getSpec().getPorts()) {
                if (resolvePort(p.getTargetPort(), ports) == null) {
                    v.add(at + "targetPort " + portText(p.getTargetPort()) + " is not a port of " + d.getMetadata().getName());
                }
            }
        }
        return v;
    }

    /** Disruption budgets for the orchestrator and the review service, selecting their pods. */
    static List<String> disruptionBudgets(Rendered r) {
        List<String> v = new ArrayList<>();
        for (String name : List.of(Repo.ORCHESTRATOR, Repo.REVIEW)) {
            Deployment d = r.deployment(name).orElse(null);
            List<PodDisruptionBudget> pdbs = r.all(PodDisruptionBudget.class).stream()
                    .filter(p -> d != null && p.getSpec().getSelector() != null
                            && matches(p.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate().getMetadata().getLabels()))
                    .toList();
            if (pdbs.size() != 1) {
                v.add(name + ": expected one PodDisruptionBudget selecting its pods, found " + pdbs.size());
                continue;
            }
            PodDisruptionBudget pdb = pdbs.get(0);
            if (pdb.getSpec().getMinAvailable() == null && pdb.getSpec().getMaxUnavailable() == null) {
                v.add(name + ": its PodDisruptionBudget sets neither minAvailable nor maxUnavailable");
            }
            IntOrString min = pdb.getSpec().getMinAvailable();
            int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            if (min != null && min.getIntVal() != null && min.getIntVal() >= replicas) {
                v.add(name + ": minAvailable " + min.getIntVal() + " with " + replicas + " replica(s) blocks every node drain");
            }
        }
        return v;
    }

    /**
     * Every topic of Topics.all() and Topics.compacted() (both from TopicRegistry) has a KafkaTopic; all plan-keyed topics have
     * the overlay's partition count (which the ConfigMap's DEA_PARTITIONS repeats) and replication.
     */
    static List<String> topics(Rendered r, int expectedPartitions) {
        List<String> v = new ArrayList<>();
        Map<String, Crds.KafkaTopic> byTopic = new LinkedHashMap<>();
        for (Crds.KafkaTopic t : r.all(Crds.KafkaTopic.class)) {
            String topic = t.spec().topicName() != null ? t.spec().topicName() : t.metadata().getName();
            if (byTopic.put(topic, t) != null) {
                v.add("topic " + topic + " is declared twice");
            }
        }
        Set<String> wanted = new HashSet<>(Topics.all());
        wanted.addAll(Topics.compacted());
        for (String topic : wanted) {
            if (!byTopic.containsKey(topic)) {
                v.add("no KafkaTopic for " + topic);
            }
        }
        for (String topic : byTopic.keySet()) {
            if (!wanted.contains(topic) && !topic.equals(SCHEMA_TOPIC)) {
                v.add("KafkaTopic " + topic + " is not a topic of TopicRegistry");
            }
        }
        Map<String, String> config = r.config();
        String partitionsConfig = config.get("DEA_PARTITIONS");
        if (!String.valueOf(expectedPartitions).equals(partitionsConfig)) {
            v.add("ConfigMap DEA_PARTITIONS is " + partitionsConfig + ", the topics have " + expectedPartitions
                    + " (services declare the same topics with DEA_PARTITIONS)");
        }
        String replicasConfig = config.get("DEA_REPLICAS");
        Set<String> clusters = new HashSet<>();
        for (Map.Entry<String, Crds.KafkaTopic> e : byTopic.entrySet()) {
            String topic = e.getKey();
            Crds.KafkaTopic t = e.getValue();
            clusters.add(t.metadata().getLabels().get("strimzi.io/cluster"));
            Object policy = t.spec().config() == null ? null : t.spec().config().get("cleanup.policy");
            boolean compacted = Topics.compacted().contains(topic) || topic.equals(SCHEMA_TOPIC);
            if (!Objects.equals(policy, compacted ? "compact" : "delete")) {
                v.add(topic + ": cleanup.policy " + policy + ", expected " + (compacted ? "compact" : "delete"));
            }
            if (!String.valueOf(t.spec().replicas()).equals(replicasConfig)) {
                v.add(topic + ": replicas " + t.spec().replicas() + " but DEA_REPLICAS is " + replicasConfig);
            }
            Object minIsr = t.spec().config() == null ? null : t.spec().config().get("min.insync.replicas");
            if (minIsr instanceof Number n && n.intValue() > t.spec().replicas()) {
                v.add(topic + ": min.insync.replicas " + n + " > replicas " + t.spec().replicas());
            }
            if (topic.equals(SCHEMA_TOPIC)) {
                if (t.spec().partitions() != 1) {
                    v.add(topic + ": the registry's log must keep one partition");
                }
            } else if (t.spec().partitions() != expectedPartitions) {
                v.add(topic + ": " + t.spec().partitions() + " partitions, expected " + expectedPartitions
                        + " like every plan-keyed topic");
            }
        }
        for (String consumed : Topics.deadLettered()) {
            Crds.KafkaTopic source = byTopic.get(consumed);
            Crds.KafkaTopic dlt = byTopic.get(Topics.deadLetter(consumed));
            if (source != null && dlt != null && !Objects.equals(source.spec().partitions(), dlt.spec().partitions())) {
                v.add(Topics.deadLetter(consumed) + " must have as many partitions as " + consumed + " (records keep their partition)");
            }
        }
        if (clusters.size() > 1) {
            v.add("KafkaTopics name different clusters: " + clusters);
        }
        return v;
    }

    /**
     * Each agent has exactly one autoscaler, all of one kind (KEDA or HPA) in the overlay, aimed at its
     * Deployment, with a maximum no larger than the partitions of its task topic.
     */
    static List<String> autoscaling(Rendered r) {
        List<String> v = new ArrayList<>();
        Map<String, Integer> partitions = new LinkedHashMap<>();
        for (Crds.KafkaTopic t : r.all(Crds.KafkaTopic.class)) {
            partitions.put(t.spec().topicName(), t.spec().partitions());
        }
        List<Crds.ScaledObject> keda = r.all(Crds.ScaledObject.class);
        List<HorizontalPodAutoscaler> hpas = r.all(HorizontalPodAutoscaler.class);
        if (!keda.isEmpty() && !hpas.isEmpty()) {
            v.add("both KEDA ScaledObjects and HPAs are rendered: use components/keda or components/hpa, not both");
        }
        for (AgentKind kind : AgentKind.values()) {
            String service = Repo.agentService(kind);
            String topic = Topics.tasks(kind);
            String group = "dea-" + kind.id();
            Integer topicPartitions = partitions.get(topic);
            List<Crds.ScaledObject> so = keda.stream().filter(s -> service.equals(s.spec().scaleTargetRef().name())).toList();
            List<HorizontalPodAutoscaler> hpa = hpas.stream().filter(h -> service.equals(h.getSpec().getScaleTargetRef().getName())).toList();
            if (so.size() + hpa.size() != 1) {
                v.add(service + ": expected exactly one autoscaler, found " + so.size() + " ScaledObject(s) and " + hpa.size() + " HPA(s)");
                continue;
            }
            if (r.deployment(service).isEmpty()) {
                v.add(service + ": the autoscaler's target Deployment is not rendered");
            }
            int max;
            if (!so.isEmpty()) {
                Crds.ScaledObjectSpec spec = so.get(0).spec();
                max = spec.maxReplicaCount() == null ? 100 : spec.maxReplicaCount(); // KEDA's default
                String targetKind = spec.scaleTargetRef().kind();
                if (targetKind != null && !targetKind.equals("Deployment")) {
                    v.add(service + ": ScaledObject targets a " + targetKind);
                }
                List<Crds.Trigger> kafka = spec.triggers().stream().filter(t -> "kafka".equals(t.type())).toList();
                if (kafka.size() != 1) {
                    v.add(service + ": expected one kafka trigger, found " + kafka.size());
                } else {
                    Map<String, String> m = kafka.get(0).metadata();
                    if (!topic.equals(m.get("topic"))) {
                        v.add(service + ": KEDA trigger topic " + m.get("topic") + ", expected " + topic);
                    }
                    if (!group.equals(m.get("consumerGroup"))) {
                        v.add(service + ": KEDA trigger consumerGroup " + m.get("consumerGroup") + ", expected " + group);
                    }
                    String fromEnv = m.get("bootstrapServersFromEnv");
                    String direct = m.get("bootstrapServers");
                    if (fromEnv != null ? !r.config().containsKey(fromEnv) : !Objects.equals(direct, r.config().get("KAFKA_BOOTSTRAP"))) {
                        v.add(service + ": KEDA trigger's brokers are neither KAFKA_BOOTSTRAP of the ConfigMap nor read from it");
                    }
                }
            } else {
                var spec = hpa.get(0).getSpec();
                max = spec.getMaxReplicas();
                if (!"Deployment".equals(spec.getScaleTargetRef().getKind())) {
                    v.add(service + ": HPA targets a " + spec.getScaleTargetRef().getKind());
                }
                int min = spec.getMinReplicas() == null ? 1 : spec.getMinReplicas();
                if (min < 1 || min > max) {
                    v.add(service + ": HPA minReplicas " + min + " outside 1.." + max);
                }
                if (spec.getMetrics() == null || spec.getMetrics().isEmpty()) {
                    v.add(service + ": HPA has no metrics");
                }
            }
            if (topicPartitions == null) {
                v.add(service + ": no KafkaTopic for its task topic " + topic);
            } else if (max > topicPartitions) {
                v.add(service + ": max replicas " + max + " > " + topicPartitions + " partitions of " + topic
                        + " (consumers beyond the partitions of group " + group + " idle)");
            }
        }
        return v;
    }

    /** The ConfigMap has the keys every service reads, and points at the registry's Service. */
    static List<String> configuration(Rendered r) {
        List<String> v = new ArrayList<>();
        Map<String, String> config = r.config();
        for (String key : CONFIG_KEYS) {
            if (config.get(key) == null || config.get(key).isBlank()) {
                v.add("ConfigMap dea-config has no " + key);
            }
        }
        Map<String, String> sources = r.configMap("dea-sources").getData();
        if (!Objects.equals(sources.get("DEA_SOURCE_DIR"), sources.get("DEA_INGESTION_BASE_DIR"))) {
            v.add("DEA_SOURCE_DIR (where the orchestrator validates file sources) and DEA_INGESTION_BASE_DIR "
                    + "(where the ingestion agent loads them) differ");
        }
        Service registry = r.byName(Service.class).get(Repo.REGISTRY);
        String url = config.get("SCHEMA_REGISTRY_URL");
        if (registry != null && url != null) {
            String expected = "http://" + Repo.REGISTRY + ":" + registry.getSpec().getPorts().get(0).getPort();
            if (!url.equals(expected)) {
                v.add("SCHEMA_REGISTRY_URL " + url + " is not the schema-registry Service (" + expected + ")");
            }
        }
        return v;
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        if (selector == null || selector.isEmpty() || labels == null) {
            return false;
        }
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static Integer resolvePort(IntOrString port, List<ContainerPort> ports) {
        if (port == null) {
            return null;
        }
        if (port.getIntVal() != null) {
            return ports.stream().anyMatch(p -> p.getContainerPort().equals(port.getIntVal())) ? port.getIntVal() : null;
        }
        return ports.stream().filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElse(null);
    }

    private static String portText(IntOrString port) {
        return port == null ? "null" : port.getIntVal() != null ? String.valueOf(port.getIntVal()) : port.getStrVal();
    }

    private static String base(String generated) {
        return generated.replaceFirst("-[a-z0-9]{10}$", "");
    }

    private static ConfigMap configMapNamed(Rendered r, String name) {
        return r.byName(ConfigMap.class).get(name);
    }

    private static Secret secretNamed(Rendered r, String name) {
        return r.byName(Secret.class).get(name);
    }
}
