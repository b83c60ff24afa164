package org.netreeve.intel.endpoints;

import java.util.Locale;

/**
 * Port names accepted wherever a port number is (endpoint rules, connect-ports, listen-ports).
 *
 * <p>Names are matched case-insensitively and never contain a hyphen, which separates a range.
 * The table is reproduced in docs/endpoints.md.
 */
public enum NamedPort {
  FTP(21, "file transfer (control)"),
  SSH(22, "secure shell"),
  TELNET(23, "telnet"),
  SMTP(25, "mail transfer"),
  DNS(53, "domain name system"),
  DHCP(67, "DHCP server"),
  TFTP(69, "trivial file transfer"),
  HTTP(80, "web"),
  KERBEROS(88, "Kerberos"),
  POP3(110, "mail retrieval"),
  NTP(123, "network time"),
  IMAP(143, "mail access"),
  SNMP(161, "network management"),
  BGP(179, "border gateway protocol"),
  LDAP(389, "directory"),
  HTTPS(443, "web over TLS"),
  SMB(445, "Windows file sharing"),
  SMTPS(465, "mail submission over TLS"),
  IKE(500, "IPsec key exchange"),
  SYSLOG(514, "remote logging"),
  DHCPV6(547, "DHCPv6 server"),
  RTSP(554, "streaming control"),
  SUBMISSION(587, "mail submission"),
  IPP(631, "printing"),
  LDAPS(636, "directory over TLS"),
  DOT(853, "DNS over TLS"),
  RSYNC(873, "rsync"),
  IMAPS(993, "mail access over TLS"),
  POP3S(995, "mail retrieval over TLS"),
  SOCKS(1080, "SOCKS proxy"),
  OPENVPN(1194, "OpenVPN"),
  MQTT(1883, "MQTT"),
  NFS(2049, "network file system"),
  MYSQL(3306, "MySQL/MariaDB"),
  RDP(3389, "remote desktop"),
  STUN(3478, "STUN/TURN"),
  IPSECNATT(4500, "IPsec NAT traversal"),
  SIP(5060, "SIP"),
  SIPS(5061, "SIP over TLS"),
  XMPP(5222, "XMPP client"),
  MDNS(5353, "multicast DNS"),
  LLMNR(5355, "link-local name resolution"),
  POSTGRES(5432, "PostgreSQL"),
  VNC(5900, "VNC"),
  REDIS(6379, "Redis"),
  IRC(6667, "IRC"),
  HTTPALT(8080, "alternative web"),
  MQTTS(8883, "MQTT over TLS"),
  GIT(9418, "git protocol"),
  MONGODB(27017, "MongoDB"),
  WIREGUARD(51820, "WireGuard");

  private final int port;
  private final String description;

  NamedPort(int port, String description) {
    this.port = port;
    this.description = description;
  }

  public int port() {
    return port;
  }

  public String description() {
    return description;
  }

  /** The port number for a name (case-insensitive), or -1 when the name is unknown. */
  public static int lookup(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (NamedPort p : values()) {
      if (p.name().equals(upper)) {
        return p.port;
      }
    }
    return -1;
  }
}
