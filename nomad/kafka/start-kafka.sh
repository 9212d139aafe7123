#!/bin/sh
# Starts one Kafka node in KRaft mode (combined broker and controller) on which every listener requires SASL:
#   - broker listeners (every listener but CONTROLLER): SCRAM-SHA-512, for clients (KAFKA_USER) and between brokers
#     (user broker);
#   - CONTROLLER: SASL/PLAIN (user controller). KRaft voters must authenticate each other before any SCRAM credential
#     exists in the metadata, so SCRAM cannot serve there; PLAIN sends its password in the clear, which is why the
#     controller password is a secret of its own and the controller port is bound to the node's private address.
# The SCRAM users are written into the metadata when the storage is first formatted (--add-scram). Secrets arrive in
# the environment and go into files of mode 600 under KAFKA_CONFIG_DIR, never onto a command line: the format command
# reads its arguments from a file (java @argfile).
# Used by the Kafka Nomad job and by compose.yaml. Needs KAFKA_NODE_ID, KAFKA_CLUSTER_ID,
# KAFKA_CONTROLLER_QUORUM_VOTERS, KAFKA_LISTENERS (NAME://host:port,...; CONTROLLER is the controller's),
# KAFKA_ADVERTISED_LISTENERS, KAFKA_INTER_BROKER_LISTENER, KAFKA_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS,
# KAFKA_LOG_DIRS, KAFKA_CONFIG_DIR, KAFKA_USER, KAFKA_PASSWORD, KAFKA_BROKER_PASSWORD, KAFKA_CONTROLLER_PASSWORD, and
# KAFKA_HOME when Kafka is not in /opt/kafka. (No brace expansions: the Nomad job embeds this file in a template.)
set -e

missing=""
for name in KAFKA_NODE_ID KAFKA_CLUSTER_ID KAFKA_CONTROLLER_QUORUM_VOTERS KAFKA_LISTENERS KAFKA_ADVERTISED_LISTENERS \
        KAFKA_INTER_BROKER_LISTENER KAFKA_REPLICATION_FACTOR KAFKA_MIN_INSYNC_REPLICAS KAFKA_LOG_DIRS KAFKA_CONFIG_DIR \
        KAFKA_USER KAFKA_PASSWORD KAFKA_BROKER_PASSWORD KAFKA_CONTROLLER_PASSWORD; do
    eval "value=\$$name"
    [ -n "$value" ] || missing="$missing $name"
done
if [ -n "$missing" ]; then
    echo "start-kafka.sh: not set:$missing" >&2
    exit 2
fi
[ -n "$KAFKA_HOME" ] || KAFKA_HOME=/opt/kafka

umask 077
mkdir -p "$KAFKA_CONFIG_DIR"
properties="$KAFKA_CONFIG_DIR/server.properties"
format_args="$KAFKA_CONFIG_DIR/format.args"
trap 'rm -f "$format_args"' EXIT

# Every listener speaks SASL over TCP; each broker listener gets the SCRAM login the broker itself uses towards others.
protocol_map=""
broker_listeners=""
saved_ifs=$IFS
IFS=,
for listener in $KAFKA_LISTENERS; do
    name=$(expr "$listener" : '\([A-Za-z_][A-Za-z0-9_]*\)://')
    protocol_map="$protocol_map,$name:SASL_PLAINTEXT"
    [ "$name" = CONTROLLER ] || broker_listeners="$broker_listeners $name"
done
IFS=$saved_ifs

{
    printf '%s\n' "process.roles=broker,controller"
    printf '%s\n' "node.id=$KAFKA_NODE_ID"
    printf '%s\n' "controller.quorum.voters=$KAFKA_CONTROLLER_QUORUM_VOTERS"
    printf '%s\n' "listeners=$KAFKA_LISTENERS"
    printf '%s\n' "advertised.listeners=$KAFKA_ADVERTISED_LISTENERS"
    printf '%s\n' "controller.listener.names=CONTROLLER"
    printf '%s\n' "inter.broker.listener.name=$KAFKA_INTER_BROKER_LISTENER"
    printf '%s\n' "listener.security.protocol.map=$(echo "$protocol_map" | cut -c2-)"
    printf '%s\n' "sasl.enabled.mechanisms=SCRAM-SHA-512"
    printf '%s\n' "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512"
    printf '%s\n' "sasl.mechanism.controller.protocol=PLAIN"
    printf '%s\n' "listener.name.controller.sasl.enabled.mechanisms=PLAIN"
    printf '%s\n' "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"controller\" password=\"$KAFKA_CONTROLLER_PASSWORD\" user_controller=\"$KAFKA_CONTROLLER_PASSWORD\";"
    for name in $broker_listeners; do
        lower=$(echo "$name" | tr 'A-Z' 'a-z')
        printf '%s\n' "listener.name.$lower.sasl.enabled.mechanisms=SCRAM-SHA-512"
        printf '%s\n' "listener.name.$lower.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"$KAFKA_BROKER_PASSWORD\";"
    done
    printf '%s\n' "log.dirs=$KAFKA_LOG_DIRS"
    printf '%s\n' "num.partitions=3"
    printf '%s\n' "default.replication.factor=$KAFKA_REPLICATION_FACTOR"
    printf '%s\n' "min.insync.replicas=$KAFKA_MIN_INSYNC_REPLICAS"
    printf '%s\n' "offsets.topic.replication.factor=$KAFKA_REPLICATION_FACTOR"
    printf '%s\n' "transaction.state.log.replication.factor=$KAFKA_REPLICATION_FACTOR"
    printf '%s\n' "transaction.state.log.min.isr=$KAFKA_MIN_INSYNC_REPLICAS"
    printf '%s\n' "share.coordinator.state.topic.replication.factor=$KAFKA_REPLICATION_FACTOR"
    printf '%s\n' "share.coordinator.state.topic.min.isr=$KAFKA_MIN_INSYNC_REPLICAS"
    printf '%s\n' "auto.create.topics.enable=true"
    printf '%s\n' "log.retention.hours=168"
    printf '%s\n' "log.segment.bytes=268435456"
} > "$properties"

# Formats the storage once (--ignore-formatted keeps the data on every later start) with the two SCRAM users.
{
    printf '%s\n' "kafka.tools.StorageTool format --ignore-formatted --cluster-id $KAFKA_CLUSTER_ID --config \"$properties\""
    printf '%s\n' "--add-scram SCRAM-SHA-512=[name=broker,password=$KAFKA_BROKER_PASSWORD]"
    printf '%s\n' "--add-scram SCRAM-SHA-512=[name=$KAFKA_USER,password=$KAFKA_PASSWORD]"
} > "$format_args"
# The tool prints the SCRAM records it writes (salts and keys): kept off the log.
java -cp "$KAFKA_HOME/libs/*" "@$format_args" > /dev/null
rm -f "$format_args"

exec "$KAFKA_HOME/bin/kafka-server-start.sh" "$properties"
