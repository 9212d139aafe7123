package org.spotlight.failure;

import java.io.IOException;
import java.io.InputStream;

/** The content of a failed FlowFile, which can be read more than once (from NiFi's content repository). */
public interface FailedContent {

    long size();

    /** A new stream over the whole content; the caller closes it. */
    InputStream open() throws IOException;
}
