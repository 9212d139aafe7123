package org.spotlight.failure;

import java.io.InputStream;

/** Failed content of any size generated on the fly, so that nothing but the code under test could hold it whole. */
final class GeneratedContent {

    private GeneratedContent() {
    }

    /**
     * @param repeatedText text repeated up to {@code size} bytes, or null for binary bytes that are no text encoding's
     */
    static FailedContent of(final long size, final String repeatedText) {
        return new FailedContent() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private long position;

                    @Override
                    public int read() {
                        return position < size ? valueAt(position++) : -1;
                    }

                    @Override
                    public int read(final byte[] buffer, final int offset, final int length) {
                        if (position >= size) {
                            return -1;
                        }
                        final int count = (int) Math.min(length, size - position);
                        for (int i = 0; i < count; i++) {
                            buffer[offset + i] = (byte) valueAt(position++);
                        }
                        return count;
                    }

                    private int valueAt(final long index) {
                        return repeatedText != null ? repeatedText.charAt((int) (index % repeatedText.length())) : (int) ((index * 31 + 7) & 0xFF);
                    }
                };
            }
        };
    }
}
