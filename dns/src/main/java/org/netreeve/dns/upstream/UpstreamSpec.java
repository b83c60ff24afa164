package org.netreeve.dns.upstream;

import org.netreeve.net.address.IpLiteral;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.netreeve.dns.policy.ResolverScope;
import org.netreeve.net.scope.Scope;
import org.netreeve.net.scope.ScopeClassifier;

/**
 * One configured upstream, parsed from its URL:
 * <ul>
 *   <li>{@code dns://192.0.2.53[:port]} — UDP, TCP when truncated</li>
 *   <li>{@code tcp://192.0.2.53[:port]}</li>
 *   <li>{@code dot://1.1.1.1:853?name=cloudflare-dns.com[&ca=/path/ca.pem]} — the certificate must be valid for
 *       {@code name} (or for the IP address when no name is given)</li>
 *   <li>{@code doh://dns.example/dns-query?ip=192.0.2.1[&ca=...]} ({@code https://} is a synonym) — {@code ip}
 *       is the bootstrap address, required unless the host is an IP literal, so DoH never depends on DNS</li>
 * </ul>
 * Every form accepts {@code scope=global|local}; without it an upstream on a private or loopback address is
 * a local resolver and any other a global one (this decides rebinding protection).
 *
 * @param url      the URL as written
 * @param protocol how to speak to it
 * @param address  the IP address to connect to
 * @param port     the port
 * @param tlsName  the name the TLS certificate must carry (DoT {@code name}, DoH host), or {@code null}
 * @param path     the HTTP path for DoH, else {@code null}
 * @param caFile   a PEM file of trusted CAs instead of the system's, or {@code null}
 * @param scope    global or local resolver
 */
public record UpstreamSpec(String url, UpstreamProtocol protocol, InetAddress address, int port, String tlsName,
                           String path, Path caFile, ResolverScope scope) {

    public UpstreamSpec {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(scope, "scope");
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** Parses an upstream URL; the exception message says what is wrong with it. */
    public static UpstreamSpec parse(String url) {
        String text = url == null ? "" : url.trim();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty upstream URL");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        UpstreamProtocol protocol;
        switch (scheme) {
            case "dns": case "udp": protocol = UpstreamProtocol.DNS; break;
            case "tcp": protocol = UpstreamProtocol.TCP; break;
            case "dot": case "tls": protocol = UpstreamProtocol.DOT; break;
            case "doh": case "https": protocol = UpstreamProtocol.DOH; break;
            default:
                throw new IllegalArgumentException("'" + text + "': scheme must be dns, tcp, dot, doh or https, got '"
                        + scheme + "'");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            String authority = uri.getRawAuthority();
            throw new IllegalArgumentException("'" + text + "': " + (authority == null ? "no host"
                    : "'" + authority + "' is not a valid address"));
        }
        if (uri.getUserInfo() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("'" + text + "': user info and fragments are not allowed");
        }
        int port = uri.getPort() == -1 ? protocol.defaultPort() : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + port + " out of range");
        }
        Map<String, String> params = query(text, uri.getRawQuery());
        String name = params.remove("name");
        String ip = params.remove("ip");
        String ca = params.remove("ca");
        String scopeText = params.remove("scope");
        if (!params.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "': unknown parameter(s) " + params.keySet()
                    + " (known: name, ip, ca, scope)");
        }
        InetAddress hostAddress = IpLiteral.parseOrNull(host);
        InetAddress address;
        String tlsName = null;
        String path = null;
        switch (protocol) {
            case DNS:
            case TCP:
                if (hostAddress == null) {
                    throw new IllegalArgumentException("'" + text + "': " + scheme
                            + ":// needs an IP address, got '" + host + "'");
                }
                if (name != null || ip != null || ca != null) {
                    throw new IllegalArgumentException("'" + text + "': name, ip and ca apply to dot and doh only");
                }
                if (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
                    throw new IllegalArgumentException("'" + text + "': unexpected path '" + uri.getRawPath() + "'");
                }
                address = hostAddress;
                break;
            case DOT:
                if (hostAddress == null) {
                    throw new IllegalArgumentException("'" + text + "': dot:// needs an IP address (put the"
                            + " certificate name in ?name=), got '" + host + "'");
                }
                if (ip != null) {
                    throw new IllegalArgumentException("'" + text + "': ip= applies to doh only");
                }
                address = hostAddress;
                tlsName = name;
                break;
            default:
                if (name != null) {
                    throw new IllegalArgumentException("'" + text + "': doh takes the certificate name from the host;"
                            + " name= is not allowed");
                }
                if (hostAddress != null) {
                    address = hostAddress;
                    if (ip != null) {
                        throw new IllegalArgumentException("'" + text + "': ip= is only for a host name");
                    }
                } else {
                    if (ip == null) {
                        throw new IllegalArgumentException("'" + text + "': doh with a host name needs a bootstrap"
                                + " address (?ip=192.0.2.1) so that it does not depend on DNS");
                    }
                    address = IpLiteral.parseOrNull(ip);
                    if (address == null) {
                        throw new IllegalArgumentException("'" + text + "': ip=" + ip + " is not an IP address");
                    }
                    tlsName = host.toLowerCase(Locale.ROOT);
                }
                path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/dns-query" : uri.getRawPath();
                break;
        }
        if (tlsName != null && tlsName.isBlank()) {
            throw new IllegalArgumentException("'" + text + "': empty name");
        }
        ResolverScope scope;
        if (scopeText == null) {
            Scope as = ScopeClassifier.DEFAULT.classify(address);
            scope = as == Scope.LAN || as == Scope.LOCALHOST ? ResolverScope.LOCAL : ResolverScope.GLOBAL;
        } else if (scopeText.equalsIgnoreCase("global")) {
            scope = ResolverScope.GLOBAL;
        } else if (scopeText.equalsIgnoreCase("local")) {
            scope = ResolverScope.LOCAL;
        } else {
            throw new IllegalArgumentException("'" + text + "': scope must be global or local, got '" + scopeText + "'");
        }
        return new UpstreamSpec(text, protocol, address, port, tlsName, path, ca == null ? null : Path.of(ca), scope);
    }

    private static Map<String, String> query(String url, String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + url + "': parameter '" + part + "' has no value");
            }
            String key = URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            String value = URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            if (params.put(key, value) != null) {
                throw new IllegalArgumentException("'" + url + "': parameter '" + key + "' given twice");
            }
        }
        return params;
    }

    @Override
    public String toString() {
        return url;
    }
}
