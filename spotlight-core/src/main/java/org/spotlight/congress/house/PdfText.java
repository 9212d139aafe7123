package org.spotlight.congress.house;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The text layer of a PDF as positioned glyphs grouped into visual lines, page by page. PTR tables are read by
 * position (which column a glyph sits in), not from PDFBox's reading-order text, because the reading order glues
 * neighbouring cells together ({@code 01/14/202501/14/2025}).
 */
final class PdfText {

    /**
     * Stands for a glyph without a Unicode mapping. The House PTR generator sets its labels ("Filing Status",
     * "Subholding Of") in small caps whose glyphs map to nothing, so they extract as the first letter followed by
     * unmapped glyphs.
     */
    static final char UNMAPPED = '\uFFFD';

    /** One glyph: x of its left edge and y of its baseline, both in points from the page's top-left corner. */
    record Glyph(float x, float y, float width, float fontSize, char text) {
        float right() {
            return x + width;
        }

        float centerX() {
            return x + width / 2;
        }
    }

    /** Glyphs sharing a baseline, left to right. */
    record Line(int page, float y, List<Glyph> glyphs) {

        float left() {
            return glyphs.getFirst().x();
        }

        float fontSize() {
            return glyphs.getFirst().fontSize();
        }

        String text() {
            return textOf(glyphs);
        }

        /** The text of the glyphs whose centre lies in [fromX, toX). */
        String textBetween(final float fromX, final float toX) {
            final List<Glyph> inside = new ArrayList<>();
            for (Glyph glyph : glyphs) {
                if (glyph.centerX() >= fromX && glyph.centerX() < toX) {
                    inside.add(glyph);
                }
            }
            return textOf(inside);
        }

        /** Words (runs of glyphs separated by spaces or gaps), each with the x where it starts. */
        List<Word> words() {
            final List<Word> words = new ArrayList<>();
            final List<Glyph> current = new ArrayList<>();
            Glyph previous = null;
            for (Glyph glyph : glyphs) {
                final boolean space = Character.isWhitespace(glyph.text());
                if (space || (previous != null && gapBetween(previous, glyph))) {
                    if (!current.isEmpty()) {
                        words.add(new Word(current.getFirst().x(), textOf(current)));
                        current.clear();
                    }
                }
                if (!space) {
                    current.add(glyph);
                }
                previous = glyph;
            }
            if (!current.isEmpty()) {
                words.add(new Word(current.getFirst().x(), textOf(current)));
            }
            return words;
        }
    }

    record Word(float x, String text) {
    }

    /** One page's lines, top to bottom. */
    record Page(int number, float height, List<Line> lines) {
    }

    private PdfText() {
    }

    static List<Page> read(final PDDocument document) throws IOException {
        final Collector collector = new Collector();
        collector.writeText(document, Writer.nullWriter());
        return collector.pages;
    }

    static int characterCount(final List<Page> pages) {
        int count = 0;
        for (Page page : pages) {
            for (Line line : page.lines()) {
                for (Glyph glyph : line.glyphs()) {
                    if (!Character.isWhitespace(glyph.text())) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static List<Line> toLines(final int page, final List<Glyph> glyphs) {
        final List<Glyph> sorted = new ArrayList<>(glyphs);
        sorted.sort(Comparator.comparingDouble(Glyph::y).thenComparingDouble(Glyph::x));
        final List<Line> lines = new ArrayList<>();
        List<Glyph> current = new ArrayList<>();
        float lineY = Float.NaN;
        for (Glyph glyph : sorted) {
            // Cells of one table row share their baseline exactly; 1.5 pt absorbs rounding in the generator.
            if (!current.isEmpty() && Math.abs(glyph.y() - lineY) > 1.5f) {
                lines.add(line(page, current));
                current = new ArrayList<>();
            }
            if (current.isEmpty()) {
                lineY = glyph.y();
            }
            current.add(glyph);
        }
        if (!current.isEmpty()) {
            lines.add(line(page, current));
        }
        return lines;
    }

    private static Line line(final int page, final List<Glyph> glyphs) {
        glyphs.sort(Comparator.comparingDouble(Glyph::x));
        return new Line(page, glyphs.getFirst().y(), List.copyOf(glyphs));
    }

    private static boolean gapBetween(final Glyph previous, final Glyph next) {
        return next.x() - previous.right() > Math.max(1.5f, 0.15f * next.fontSize());
    }

    private static String textOf(final List<Glyph> glyphs) {
        final StringBuilder text = new StringBuilder();
        Glyph previous = null;
        for (Glyph glyph : glyphs) {
            if (previous != null && gapBetween(previous, glyph) && !text.isEmpty() && text.charAt(text.length() - 1) != ' ') {
                text.append(' ');
            }
            text.append(glyph.text());
            previous = glyph;
        }
        return text.toString().replaceAll("\\s+", " ").trim();
    }

    /** Collects every glyph PDFBox positions, instead of letting the stripper assemble reading-order text. */
    private static final class Collector extends PDFTextStripper {
        final List<Page> pages = new ArrayList<>();
        private final List<Glyph> glyphs = new ArrayList<>();

        Collector() {
            super();
        }

        @Override
        protected void startPage(final PDPage page) {
            glyphs.clear();
        }

        @Override
        protected void endPage(final PDPage page) {
            final int number = pages.size() + 1;
            pages.add(new Page(number, page.getCropBox().getHeight(), toLines(number, glyphs)));
        }

        @Override
        protected void processTextPosition(final TextPosition position) {
            final String unicode = position.getUnicode();
            final float fontSize = position.getFontSizeInPt();
            if (unicode == null || unicode.isEmpty()) {
                glyphs.add(new Glyph(position.getXDirAdj(), position.getYDirAdj(), position.getWidthDirAdj(), fontSize, UNMAPPED));
                return;
            }
            // Ligatures and the like map one glyph to several characters; spread them over the glyph's width.
            final float step = position.getWidthDirAdj() / unicode.length();
            for (int i = 0; i < unicode.length(); i++) {
                final char c = unicode.charAt(i);
                final char text = c == 0 || Character.isISOControl(c) && !Character.isWhitespace(c) ? UNMAPPED
                        : Character.isWhitespace(c) || c == '\u00A0' ? ' ' : c;
                glyphs.add(new Glyph(position.getXDirAdj() + i * step, position.getYDirAdj(), step, fontSize, text));
            }
        }
    }
}
