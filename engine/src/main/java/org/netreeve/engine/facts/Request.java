package org.netreeve.engine.facts;

import org.netreeve.process.ProcessInfo;

/**
 * Everything one decision is about, as one fact: the connection, the process, its profile, intel,
 * the endpoint lists' result, the policy context and (at stage packet) what inspection saw.
 *
 * <p>The shipped rules match this one fact, so that every rule is a single pattern the engine
 * tests without joins (decisions are several times faster than joining separate facts). The
 * parts are also inserted as facts of their own when user rules match them (docs/rules.md).
 *
 * @param connection the connection or DNS query
 * @param process    the process it is attributed to
 * @param profile    the profile applied
 * @param intel      intel on the remote end ({@link IntelFacts#NONE} when nothing is known)
 * @param endpoints  the endpoint lists' result ({@link EndpointFacts#NO_MATCH} when none matched)
 * @param policy     the security level and protections in force, the default action
 * @param packet     at stage packet, what inspection saw ({@link PacketFacts#NONE} otherwise)
 */
public record Request(Connection connection, ProcessInfo process, ProfileFact profile, IntelFacts intel,
    EndpointFacts endpoints, PolicyContext policy, PacketFacts packet) {}
