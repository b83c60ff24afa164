package org.netreeve.intel.geo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the structure of a MaxMind DB file before the reader uses it: metadata, every record of
 * the search tree, and every data record the tree reaches (types, sizes, pointers, nesting).
 *
 * <p>The reader library trusts the file; a damaged or hostile file could make it read out of
 * bounds, recurse without limit or allocate huge arrays. This pass is bounded by the file size
 * (each node and each distinct data record is visited once), so it cannot loop.
 */
final class MmdbVerifier {

    private static final byte[] MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
        'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};
    /** Metadata sits in the last 128 KiB. */
    private static final int METADATA_WINDOW = 128 * 1024;
    /** The nesting limit of the reference C library. */
    static final int MAX_DEPTH = 512;

    /** What the metadata says, once checked. */
    record Layout(long nodeCount, int recordSize, int ipVersion, String databaseType) {
    }

    /** A structural fault; turned into a {@link GeoDatabaseException} naming the file. */
    static final class Corrupt extends Exception {
        private static final long serialVersionUID = 1L;

        Corrupt(String message) {
            super(message);
        }
    }

    private final ByteBuffer buf;
    private final long size;
    private long dataStart;
    private long dataEnd;
    private int deepest;
    /** Data offset -> depth of the value there, for values already checked. */
    private final Map<Long, Integer> checked = new HashMap<>();

    private MmdbVerifier(ByteBuffer buf) {
        this.buf = buf;
        this.size = buf.limit();
    }

    static Layout verify(Path file) throws IOException, Corrupt {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = ch.size();
            if (length > Integer.MAX_VALUE) {
                throw new Corrupt("file larger than 2 GiB");
            }
            ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, length);
            return new MmdbVerifier(buf).run();
        }
    }

    private Layout run() throws Corrupt {
        long marker = findMarker();
        if (marker < 0) {
            throw new Corrupt("no metadata marker: not a MaxMind DB file, or truncated");
        }
        long metadataStart = marker + MARKER.length;
        if (metadataStart >= size) {
            throw new Corrupt("metadata marker but no metadata");
        }
        dataStart = metadataStart;
        dataEnd = size;
        Object decoded = decodeMetadata(metadataStart);
        if (!(decoded instanceof Map<?, ?> metadata)) {
            throw new Corrupt("metadata is not a map");
        }
        long major = number(metadata, "binary_format_major_version");
        if (major != 2) {
            throw new Corrupt("binary format version " + major + ", expected 2");
        }
        long nodeCount = number(metadata, "node_count");
        long recordSize = number(metadata, "record_size");
        long ipVersion = number(metadata, "ip_version");
        if (!(metadata.get("database_type") instanceof String type) || type.isEmpty()) {
            throw new Corrupt("metadata lacks database_type");
        }
        if (recordSize != 24 && recordSize != 28 && recordSize != 32) {
            throw new Corrupt("record size " + recordSize + ", expected 24, 28 or 32");
        }
        if (ipVersion != 4 && ipVersion != 6) {
            throw new Corrupt("ip_version " + ipVersion + ", expected 4 or 6");
        }
        long treeSize = nodeCount * recordSize / 4;
        if (nodeCount <= 0 || treeSize + 16 > marker) {
            throw new Corrupt("search tree of " + nodeCount + " nodes does not fit in the file");
        }
        for (long i = treeSize; i < treeSize + 16; i++) {
            if (u8(i) != 0) {
                throw new Corrupt("no data section separator after the search tree");
            }
        }
        dataStart = treeSize + 16;
        dataEnd = marker;
        checkTree(nodeCount, (int) recordSize);
        return new Layout(nodeCount, (int) recordSize, (int) ipVersion, type);
    }

    private long findMarker() {
        long from = Math.max(0, size - METADATA_WINDOW);
        for (long i = size - MARKER.length; i >= from; i--) {
            boolean match = true;
            for (int k = 0; k < MARKER.length && match; k++) {
                match = buf.get((int) (i + k)) == MARKER[k];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }

    private static long number(Map<?, ?> metadata, String key) throws Corrupt {
        if (metadata.get(key) instanceof Long n) {
            return n;
        }
        throw new Corrupt("metadata lacks the number " + key);
    }

    private void checkTree(long nodeCount, int recordSize) throws Corrupt {
        int nodeBytes = recordSize / 4;
        for (long node = 0; node < nodeCount; node++) {
            long base = node * nodeBytes;
            for (int side = 0; side < 2; side++) {
                long record = record(base, recordSize, side);
                if (record <= nodeCount) {
                    continue;
                }
                long offset = record - nodeCount - 16;
                if (offset < 0 || dataStart + offset >= dataEnd) {
                    throw new Corrupt("search tree node " + node + " points outside the data section");
                }
                checkValueAt(dataStart + offset, 0);
            }
        }
    }

    private long record(long base, int recordSize, int side) throws Corrupt {
        switch (recordSize) {
            case 24 -> {
                long p = base + side * 3L;
                return (u8(p) << 16) | (u8(p + 1) << 8) | u8(p + 2);
            }
            case 28 -> {
                int middle = (int) u8(base + 3);
                if (side == 0) {
                    return ((long) (middle & 0xF0) << 20) | (u8(base) << 16) | (u8(base + 1) << 8) | u8(base + 2);
                }
                return ((long) (middle & 0x0F) << 24) | (u8(base + 4) << 16) | (u8(base + 5) << 8) | u8(base + 6);
            }
            default -> {
                long p = base + side * 4L;
                return (u8(p) << 24) | (u8(p + 1) << 16) | (u8(p + 2) << 8) | u8(p + 3);
            }
        }
    }

    /** Checks the value at an absolute position once; its depth plus {@code depth} must stay in the limit. */
    private void checkValueAt(long position, int depth) throws Corrupt {
        Integer known = checked.get(position);
        if (known == null) {
            int saved = deepest;
            deepest = 0;
            skip(position, 0);
            known = deepest;
            checked.put(position, known);
            deepest = saved;
        }
        if (depth + known > MAX_DEPTH) {
            throw new Corrupt("data nested deeper than " + MAX_DEPTH + " levels at data offset " + (position - dataStart));
        }
        deepest = Math.max(deepest, depth + known);
    }

    /** Skips one value at {@code pos}, checking it; returns the position after it. */
    private long skip(long pos, int depth) throws Corrupt {
        if (depth > MAX_DEPTH) {
            throw new Corrupt("data nested deeper than " + MAX_DEPTH + " levels");
        }
        deepest = Math.max(deepest, depth);
        int ctrl = (int) u8(pos++);
        int type = ctrl >>> 5;
        if (type == 1) {
            int sizeBits = (ctrl >>> 3) & 0x3;
            long target = pointer(pos, sizeBits, ctrl & 0x7);
            pos += sizeBits + 1;
            long absolute = dataStart + target;
            if (absolute >= dataEnd) {
                throw new Corrupt("pointer beyond the data section at data offset " + (pos - dataStart));
            }
            if ((u8(absolute) >>> 5) == 1) {
                throw new Corrupt("pointer to a pointer at data offset " + target);
            }
            checkValueAt(absolute, depth);
            return pos;
        }
        if (type == 0) {
            type = 7 + (int) u8(pos++);
            if (type < 8 || type > 15) {
                throw new Corrupt("unknown data type " + type);
            }
        }
        long length = ctrl & 0x1F;
        if (length >= 29) {
            int extra = (int) length - 28;
            long value = 0;
            for (int i = 0; i < extra; i++) {
                value = (value << 8) | u8(pos++);
            }
            length = length == 29 ? 29 + value : length == 30 ? 285 + value : 65821 + value;
        }
        switch (type) {
            case 2, 4 -> pos = advance(pos, length);
            case 3 -> pos = advance(pos, exact(length, 8, "double"));
            case 15 -> pos = advance(pos, exact(length, 4, "float"));
            case 5 -> pos = advance(pos, atMost(length, 2, "uint16"));
            case 6 -> pos = advance(pos, atMost(length, 4, "uint32"));
            case 8 -> pos = advance(pos, atMost(length, 4, "int32"));
            case 9 -> pos = advance(pos, atMost(length, 8, "uint64"));
            case 10 -> pos = advance(pos, atMost(length, 16, "uint128"));
            case 14 -> atMost(length, 1, "boolean");
            case 7 -> {
                for (long i = 0; i < length; i++) {
                    int keyType = (int) (u8(pos) >>> 5);
                    if (keyType != 2 && keyType != 1) {
                        throw new Corrupt("map key of type " + keyType + " at data offset " + (pos - dataStart));
                    }
                    pos = skip(pos, depth + 1);
                    pos = skip(pos, depth + 1);
                }
            }
            case 11 -> {
                for (long i = 0; i < length; i++) {
                    pos = skip(pos, depth + 1);
                }
            }
            default -> throw new Corrupt("unexpected data type " + type + " at data offset " + (pos - dataStart));
        }
        return pos;
    }

    private long pointer(long pos, int sizeBits, int top) throws Corrupt {
        return switch (sizeBits) {
            case 0 -> ((long) top << 8) | u8(pos);
            case 1 -> (((long) top << 16) | (u8(pos) << 8) | u8(pos + 1)) + 2048;
            case 2 -> (((long) top << 24) | (u8(pos) << 16) | (u8(pos + 1) << 8) | u8(pos + 2)) + 526336;
            default -> (u8(pos) << 24) | (u8(pos + 1) << 16) | (u8(pos + 2) << 8) | u8(pos + 3);
        };
    }

    private long advance(long pos, long length) throws Corrupt {
        if (pos + length > dataEnd) {
            throw new Corrupt("value of " + length + " bytes runs past the data section at data offset " + (pos - dataStart));
        }
        return pos + length;
    }

    private static long exact(long length, int expected, String type) throws Corrupt {
        if (length != expected) {
            throw new Corrupt("invalid size " + length + " of " + type);
        }
        return length;
    }

    private static long atMost(long length, int max, String type) throws Corrupt {
        if (length > max) {
            throw new Corrupt("invalid size " + length + " of " + type);
        }
        return length;
    }

    private long u8(long pos) throws Corrupt {
        if (pos < 0 || pos >= dataEnd) {
            throw new Corrupt("read past the end of the " + (dataEnd == size ? "file" : "data section"));
        }
        return buf.get((int) pos) & 0xFFL;
    }

    /** Decodes the metadata map (small; values become Java objects). */
    private Object decodeMetadata(long position) throws Corrupt {
        long[] cursor = {position};
        return decode(cursor, 0);
    }

    private Object decode(long[] cursor, int depth) throws Corrupt {
        if (depth > 32) {
            throw new Corrupt("metadata nested too deeply");
        }
        long pos = cursor[0];
        int ctrl = (int) u8(pos++);
        int type = ctrl >>> 5;
        if (type == 1) {
            // Metadata pointers are relative to the metadata start (dataStart while decoding it).
            int sizeBits = (ctrl >>> 3) & 0x3;
            long target = dataStart + pointer(pos, sizeBits, ctrl & 0x7);
            if (target >= size || (u8(target) >>> 5) == 1) {
                throw new Corrupt("bad pointer inside the metadata");
            }
            long[] at = {target};
            Object value = decode(at, depth + 1);
            cursor[0] = pos + sizeBits + 1;
            return value;
        }
        if (type == 0) {
            type = 7 + (int) u8(pos++);
        }
        long length = ctrl & 0x1F;
        if (length >= 29) {
            int extra = (int) length - 28;
            long value = 0;
            for (int i = 0; i < extra; i++) {
                value = (value << 8) | u8(pos++);
            }
            length = length == 29 ? 29 + value : length == 30 ? 285 + value : 65821 + value;
        }
        cursor[0] = pos;
        switch (type) {
            case 2 -> {
                long end = advance(pos, length);
                byte[] bytes = new byte[(int) length];
                for (int i = 0; i < length; i++) {
                    bytes[i] = (byte) u8(pos + i);
                }
                cursor[0] = end;
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case 5, 6, 9, 10 -> {
                if (length > (type == 5 ? 2 : type == 6 ? 4 : type == 9 ? 8 : 16)) {
                    throw new Corrupt("invalid size " + length + " of an unsigned integer in the metadata");
                }
                long value = 0;
                for (int i = 0; i < length; i++) {
                    value = (value << 8) | u8(pos + i);
                }
                cursor[0] = advance(pos, length);
                return value;
            }
            case 8 -> {
                cursor[0] = advance(pos, atMost(length, 4, "int32"));
                return (long) 0;
            }
            case 3 -> {
                cursor[0] = advance(pos, exact(length, 8, "double"));
                return 0.0;
            }
            case 15 -> {
                cursor[0] = advance(pos, exact(length, 4, "float"));
                return 0.0;
            }
            case 4 -> {
                cursor[0] = advance(pos, length);
                return new byte[0];
            }
            case 14 -> {
                return atMost(length, 1, "boolean") == 1;
            }
            case 7 -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (long i = 0; i < length; i++) {
                    if (!(decode(cursor, depth + 1) instanceof String key)) {
                        throw new Corrupt("metadata map key is not a string");
                    }
                    map.put(key, decode(cursor, depth + 1));
                }
                return map;
            }
            case 11 -> {
                List<Object> list = new ArrayList<>();
                for (long i = 0; i < length; i++) {
                    list.add(decode(cursor, depth + 1));
                }
                return list;
            }
            default -> throw new Corrupt("unexpected data type " + type + " in the metadata");
        }
    }
}
