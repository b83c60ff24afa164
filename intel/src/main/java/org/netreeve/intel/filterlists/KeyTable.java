package org.netreeve.intel.filterlists;

import java.util.Arrays;

/**
 * An immutable open-addressing hash table from 64-bit keys to list-set ids.
 *
 * <p>Each slot is two adjacent longs, key then value, so a probe that finds its key finds the
 * value in the same cache line; linear probing keeps the next slots there too. The slot comes
 * from the key's high 32 bits scaled to the capacity ("fast range"), so the capacity need not be
 * a power of two and the load factor stays near {@link #LOAD_FACTOR}: about 23 bytes per entry.
 *
 * <p>A blocked Bloom filter (about ten bits per entry, five bits set per key in one 64-bit word)
 * sits in front: it is small enough to stay in the CPU caches, so most probes for names that are
 * in no list never touch the table in main memory. The filter is cut into regions of eight words
 * (one cache line's worth); a key's region is chosen by its base (the key of its last two labels,
 * see {@link DomainKeys}), so the probes for {@code www.shop.example.com},
 * {@code shop.example.com} and {@code example.com} all read the same region.
 */
final class KeyTable {

    /** A growable list of longs (build time only). */
    static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    /** Fill ratio: short probe sequences at a modest memory cost. */
    static final double LOAD_FACTOR = 0.7;

    /** Bloom filter bits per entry. */
    static final int FILTER_BITS_PER_KEY = 10;

    static final KeyTable EMPTY = new KeyTable(new long[2], 0, new long[8]);

    /** key0, value0, key1, value1, ...; key 0 marks an empty slot. */
    private final long[] slots;
    private final int size;
    private final long[] filter;

    private KeyTable(long[] slots, int size, long[] filter) {
        this.slots = slots;
        this.size = size;
        this.filter = filter;
    }

    /** The five filter bits of a key, drawn from its high bits (the table slot uses them too, differently). */
    private static long filterBits(long key) {
        return (1L << (key >>> 58)) | (1L << (key >>> 52)) | (1L << (key >>> 46)) | (1L << (key >>> 40))
                | (1L << (key >>> 34));
    }

    /**
     * The filter word of a key: the upper half of its base's low 32 bits picks the region, the key's
     * three lowest bits the word in it. The two must come from different bits: for a name of two
     * labels the base is the key itself.
     */
    private static int filterWord(long key, long base, int words) {
        int regions = words >>> 3;
        int region = (int) (((base & 0xFFFF_FFFFL) * regions) >>> 32);
        return (region << 3) | (int) (key & 7);
    }

    private static long[] buildFilter(long[] keys, long[] bases, int count, int size) {
        long regions = Math.max(1, ((long) size * FILTER_BITS_PER_KEY + 511) / 512);
        int words = (int) Math.min(Integer.MAX_VALUE - 8 & ~7, regions * 8);
        long[] filter = new long[words];
        for (int n = 0; n < count; n++) {
            filter[filterWord(keys[n], bases[n], words)] |= filterBits(keys[n]);
        }
        return filter;
    }

    /** The value stored under {@code key} (whose base is {@code base}), or -1. */
    int find(long key, long base) {
        return maybe(key, base) == 0 ? -1 : get(key);
    }

    /**
     * 1 when the Bloom filter may hold {@code key} (filed under {@code base}), 0 when the table
     * surely does not. Computed without a branch, so that callers can test many keys and let
     * the filter loads overlap before they act on any answer.
     */
    int maybe(long key, long base) {
        long[] f = filter;
        long missing = filterBits(key) & ~f[filterWord(key, base, f.length)];
        return (int) (((missing | -missing) >>> 63) ^ 1);
    }

    /** The value stored under {@code key}, or -1: the table itself, for a key the filter let through. */
    int get(long key) {
        long[] t = slots;
        int capacity = t.length >>> 1;
        int i = (int) (((key >>> 32) * capacity) >>> 32);
        while (true) {
            long probe = t[i << 1];
            if (probe == key) {
                return (int) t[(i << 1) + 1];
            }
            if (probe == 0) {
                return -1;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
    }

    int size() {
        return size;
    }

    /** Bytes held by the arrays (for the memory report). */
    long footprintBytes() {
        return 16L + 8L * slots.length + 16L + 8L * filter.length;
    }

    /**
     * Collects (key, list) pairs and builds the table. Not thread-safe; one builder per load.
     */
    static final class Builder {
        private long[] keys = new long[1024];
        private long[] bases = new long[1024];
        private int[] lists = new int[1024];
        private int count;

        void add(long key, long base, int list) {
            if (count == keys.length) {
                int grown = keys.length + (keys.length >> 1);
                keys = Arrays.copyOf(keys, grown);
                bases = Arrays.copyOf(bases, grown);
                lists = Arrays.copyOf(lists, grown);
            }
            keys[count] = key;
            bases[count] = base;
            lists[count] = list;
            count++;
        }

        int pending() {
            return count;
        }

        /** Adds to {@code out} the bases (of names with three or more labels) held by this builder. */
        void collectDeepBases(LongList out) {
            for (int n = 0; n < count; n++) {
                if (bases[n] != keys[n]) {
                    out.add(bases[n]);
                }
            }
        }

        /** Files every key whose base is in {@code heavy} under its own key instead. */
        void spread(HeavyBases heavy) {
            for (int n = 0; n < count; n++) {
                if (bases[n] != keys[n] && heavy.contains(bases[n])) {
                    bases[n] = keys[n];
                }
            }
        }

        /** Builds the table; values are ids of the sets of lists that hold each key. */
        KeyTable build(ListSets.Builder sets) {
            if (count == 0) {
                return EMPTY;
            }
            int capacity = (int) Math.min((Integer.MAX_VALUE - 8) / 2, (long) Math.ceil(count / LOAD_FACTOR) + 1);
            long[] table = new long[2 * capacity];
            int size = 0;
            for (int n = 0; n < count; n++) {
                long key = keys[n];
                int i = (int) (((key >>> 32) * capacity) >>> 32);
                while (true) {
                    long probe = table[i << 1];
                    if (probe == 0) {
                        table[i << 1] = key;
                        table[(i << 1) + 1] = sets.single(lists[n]);
                        size++;
                        break;
                    }
                    if (probe == key) {
                        table[(i << 1) + 1] = sets.with((int) table[(i << 1) + 1], lists[n]);
                        break;
                    }
                    if (++i == capacity) {
                        i = 0;
                    }
                }
            }
            long[] filter = buildFilter(keys, bases, count, size);
            keys = null;
            bases = null;
            lists = null;
            if (size < count / 2) {
                // Many duplicates: rebuild at the right size rather than keep a half-empty table.
                table = rehash(table, size);
            }
            return new KeyTable(table, size, filter);
        }

        private static long[] rehash(long[] old, int size) {
            int capacity = (int) Math.ceil(size / LOAD_FACTOR) + 1;
            long[] table = new long[2 * capacity];
            for (int n = 0; n < old.length; n += 2) {
                long key = old[n];
                if (key == 0) {
                    continue;
                }
                int i = (int) (((key >>> 32) * capacity) >>> 32);
                while (table[i << 1] != 0) {
                    if (++i == capacity) {
                        i = 0;
                    }
                }
                table[i << 1] = key;
                table[(i << 1) + 1] = old[n + 1];
            }
            return table;
        }
    }
}
