package io.meridian.spi.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The text of HTML bodies, as the appliance and connectors render it. */
class HtmlTextTest {

    /** Verifies that no script or style text survives, entities are decoded and paragraphs and lists are kept. */
    @Test
    void htmlIsRenderedAsText() {
        assertEquals("Title\n\nLine one\nLine two\n\n- a\n- b\n\n5 < 6 & \"ok\" €", HtmlText.toText(
                "<html><head><style>p{}</style><title>x</title></head><body><h1>Title</h1><p>Line one<br>Line "
                        + "two</p><script>var s = '<p>';</script><ul><li>a</li><li>b</li></ul>"
                        + "<!-- hidden --><p>5 &lt; 6 &amp; &quot;ok&quot; &#8364;</p></body></html>"));
    }

    /** Verifies that white space collapses within a line, empty lines do not pile up and bad entities stay as written. */
    @Test
    void whiteSpaceCollapsesAndUnknownEntitiesStay() {
        assertEquals("a b\n\nc &bogus; &#xZZ;", HtmlText.toText("<div>  a \t\u00a0 b </div><p></p><p></p><p>c &bogus; &#xZZ;</p>"));
        assertEquals("", HtmlText.toText("<script>alert(1)</script><!-- x -->"));
    }
}
