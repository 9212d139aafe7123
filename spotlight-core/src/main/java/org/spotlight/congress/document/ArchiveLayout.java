package org.spotlight.congress.document;

/**
 * Object keys of archived documents: {@code {prefix}/{chamber}/{period}/{id}.{ext}}, e.g.
 * {@code raw/congress/house/2025/20026590.pdf} or {@code raw/congress/senate/2019/2f4e395e-....html}.
 */
public record ArchiveLayout(String bucket, String prefix) {

    public static final String DEFAULT_PREFIX = "raw/congress";

    public ArchiveLayout {
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }

    public String keyOf(final DocumentRef ref) {
        return (prefix.isEmpty() ? "" : prefix + "/") + ref.chamber().code() + "/" + ref.period() + "/" + ref.id() + "." + ref.extension();
    }

    public String uriOf(final DocumentRef ref) {
        return "s3://" + bucket + "/" + keyOf(ref);
    }
}
