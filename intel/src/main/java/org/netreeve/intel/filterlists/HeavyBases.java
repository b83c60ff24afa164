package org.netreeve.intel.filterlists;

import java.util.Arrays;

/**
 * Bases (keys of a name's last two labels) shared by so many entries that filing them all in one
 * Bloom-filter region would saturate it: public suffixes such as {@code co.uk} or hosting domains
 * such as {@code blogspot.com}. Entries below a heavy base are filed under their own key, and a
 * lookup that passes a heavy base does the same for the deeper labels. Immutable; a small
 * open-addressing set that stays in cache.
 */
final class HeavyBases {

    /** More entries than this under one base would fill its region (512 bits at ~10 bits per key). */
    static final int THRESHOLD = 40;

    static final HeavyBases NONE = new HeavyBases(new long[2], 0);

    private final long[] slots;
    private final int size;

    private HeavyBases(long[] slots, int size) {
        this.slots = slots;
        this.size = size;
    }

    /** The bases that occur more than {@link #THRESHOLD} times in {@code bases[0, count)}. */
    static HeavyBases of(long[] bases, int count) {
        long[] sorted = Arrays.copyOf(bases, count);
        Arrays.sort(sorted);
        KeyTable.LongList heavy = new KeyTable.LongList();
        int run = 0;
        for (int i = 0; i < count; i++) {
            run = i > 0 && sorted[i] == sorted[i - 1] ? run + 1 : 1;
            if (run == THRESHOLD + 1) {
                heavy.add(sorted[i]);
            }
        }
        if (heavy.size == 0) {
            return NONE;
        }
        int capacity = Integer.highestOneBit(heavy.size * 4 - 1) << 1;
        long[] slots = new long[capacity];
        for (int i = 0; i < heavy.size; i++) {
            long key = heavy.values[i];
            int slot = (int) (key >>> 33) & (capacity - 1);
            while (slots[slot] != 0) {
                slot = (slot + 1) & (capacity - 1);
            }
            slots[slot] = key;
        }
        return new HeavyBases(slots, heavy.size);
    }

    boolean contains(long key) {
        long[] s = slots;
        int mask = s.length - 1;
        int slot = (int) (key >>> 33) & mask;
        while (true) {
            long probe = s[slot];
            if (probe == key) {
                return true;
            }
            if (probe == 0) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    long footprintBytes() {
        return 16L + 8L * slots.length;
    }
}
