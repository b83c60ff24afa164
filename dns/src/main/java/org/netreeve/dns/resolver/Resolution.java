package org.netreeve.dns.resolver;

import org.netreeve.dns.message.AnswerTemplate;
import org.netreeve.dns.policy.AfterResolveDecision;
import org.netreeve.dns.policy.BeforeResolveDecision;
import org.netreeve.dns.policy.QueryContext;
import org.netreeve.dns.policy.ResolvedAnswer;
import org.netreeve.dns.routing.Route;

/**
 * Everything that happened to one query.
 *
 * @param context    the query (with the attribution token once the before stage gave one)
 * @param route      where the name belongs
 * @param outcome    how it ended
 * @param before     the before-resolve decision, {@code null} for the canary
 * @param after      the after-resolve decision, {@code null} when nothing was resolved
 * @param answer     what the resolver found (TTLs as served), {@code null} when nothing was resolved
 * @param fromCache  whether the answer came from the cache
 * @param template   the answer to send
 * @param ageSeconds by how much the template's TTLs are reduced when sent
 * @param error      what went wrong for {@link Outcome#FAILED}, else {@code null}
 */
public record Resolution(QueryContext context, Route route, Outcome outcome, BeforeResolveDecision before,
                         AfterResolveDecision after, ResolvedAnswer answer, boolean fromCache, AnswerTemplate template,
                         long ageSeconds, String error) {
}
