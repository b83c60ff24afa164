package org.netreeve.intel.geo;

/**
 * Where an address is, as far as the databases know. Unknown parts are null (strings) or 0 (ASN),
 * so rules compare with {@code "DE".equals(country)} or check {@link #hasAsn()}.
 *
 * @param country        ISO 3166-1 alpha-2 code of the country the address is in ({@code DE}), or null
 * @param continent      two-letter continent code ({@code EU}, {@code NA}, ...), or null
 * @param asn            autonomous system number, or 0 when unknown
 * @param asOrganization organisation of that system, or null
 */
public record GeoInfo(String country, String continent, long asn, String asOrganization) {

    /** Nothing known. */
    public static final GeoInfo UNKNOWN = new GeoInfo(null, null, 0, null);

    public boolean hasCountry() {
        return country != null;
    }

    public boolean hasAsn() {
        return asn != 0;
    }
}
