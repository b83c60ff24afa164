package org.netreeve.intel.filterlists;

/**
 * The 64-bit keys under which domains are stored.
 *
 * <p>A key is computed from the <em>right</em>: characters are folded in from the last to the
 * first, so that while hashing {@code a.b.example.com} the running state at each dot is exactly
 * the state a list entry {@code example.com} (or {@code b.example.com}) ends with. A lookup
 * therefore probes every parent domain in one pass without building substrings.
 *
 * <p>Each step ({@code xor} a character, multiply by an odd constant, rotate) is a bijection of the
 * state, and a per-snapshot random seed starts it, so nobody can precompute names that collide
 * with a list entry. With {@code n} entries and {@code p} probes per lookup the chance of a false
 * match is about {@code n * p / 2^64} (2 * 10^-13 for a million entries and four labels).
 *
 * <p>Every key also has a <em>base</em>: the key of its last two labels ({@code example.com} for
 * {@code a.b.example.com}; a name of one or two labels is its own base). The Bloom filter in
 * front of a table files a key under its base, so all probes of one name below the second level
 * land in one cache-line-sized region.
 */
final class DomainKeys {

    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

    private DomainKeys() {
    }

    /** Folds one character (already lower-cased) into the running state. */
    static long step(long state, int c) {
        return Long.rotateLeft((state ^ c) * MULTIPLIER, 29);
    }

    /** Turns a running state into a stored key: a full-avalanche mix, never 0 (0 marks empty slots). */
    static long finish(long state) {
        long z = state;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        z ^= z >>> 33;
        return z == 0 ? 1 : z;
    }

    /** ASCII lower case; other characters unchanged. Branch-free: sets bit 5 when {@code c} is in A-Z. */
    static int lower(int c) {
        int u = c - 'A';
        return c | ((((u - 26) & ~u) >>> 31) << 5);
    }

    /** The largest character {@link #CHARS} has an entry for; larger ones are read as this one. */
    static final int CHARS_MAX = 0xFF;
    /** Where {@link #CHARS} marks a dot. */
    static final int DOT_SHIFT = 16;
    /** The character part of a {@link #CHARS} entry. */
    static final int CHAR_MASK = 0xFFFF;

    /**
     * What a lookup hashes for each character up to {@link #CHARS_MAX}: its ASCII lower case,
     * plus {@code 1 << DOT_SHIFT} for the dot, so that one load answers both. A character above
     * {@code CHARS_MAX} is hashed as {@code CHARS_MAX}: list entries are ASCII, so a suffix
     * holding such a character matches no entry either way (barring a 64-bit collision), and
     * names that differ only there need not hash apart.
     */
    static final int[] CHARS = new int[CHARS_MAX + 1];

    static {
        for (int c = 0; c <= CHARS_MAX; c++) {
            CHARS[c] = lower(c) | (c == '.' ? 1 << DOT_SHIFT : 0);
        }
    }

    /** The character a lookup hashes for {@code c}: {@link #CHARS} without the dot mark. */
    static int hashed(int c) {
        return CHARS[Math.min(c, CHARS_MAX)] & CHAR_MASK;
    }

    /** The key of a whole name, as a lookup computes it; a trailing dot is ignored and ASCII case does not matter. */
    static long key(CharSequence name, long seed) {
        int end = name.length();
        if (end > 0 && name.charAt(end - 1) == '.') {
            end--;
        }
        long h = seed;
        for (int i = end - 1; i >= 0; i--) {
            h = step(h, hashed(name.charAt(i)));
        }
        return finish(h);
    }

    /** The base of the ASCII name in {@code bytes[from, to)}: the key of its last two labels. */
    static long base(byte[] bytes, int from, int to, long seed) {
        int dots = 0;
        for (int i = to - 1; i >= from; i--) {
            if (bytes[i] == '.' && ++dots == 2) {
                return key(bytes, i + 1, to, seed);
            }
        }
        return key(bytes, from, to, seed);
    }

    /** The key of the ASCII name in {@code bytes[from, to)}, which the caller has validated. */
    static long key(byte[] bytes, int from, int to, long seed) {
        long h = seed;
        for (int i = to - 1; i >= from; i--) {
            h = step(h, lower(bytes[i] & 0xFF));
        }
        return finish(h);
    }
}
