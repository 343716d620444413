package core

import (
	"regexp"
	"strings"
	"testing"
)

// TestRevokedID: the hand-written reader finds the id the regular
// expression it replaced found, in the XML as sent and unescaped, and
// nothing where that found nothing.
func TestRevokedID(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`(?:<|&lt;)msgid(?:>|&gt;)([0-9]{1,32})(?:<|&lt;)/msgid(?:>|&gt;)`)
	for _, text := range []string{
		`<sysmsg type="revokemsg"><revokemsg><session>x</session><msgid>1234</msgid><newmsgid>99</newmsgid></revokemsg></sysmsg>`,
		`&lt;sysmsg type="revokemsg"&gt;&lt;revokemsg&gt;&lt;msgid&gt;5678&lt;/msgid&gt;&lt;/revokemsg&gt;`,
		`&lt;msgid>42</msgid&gt;`, `<msgid&gt;42&lt;/msgid>`,
		`<msgid></msgid><msgid>7</msgid>`, `<msgid>12a</msgid><msgid>8</msgid>`,
		`<msgid>` + strings.Repeat("1", 32) + `</msgid>`, `<msgid>` + strings.Repeat("1", 33) + `</msgid>`,
		`</msgid>3</msgid>`, `msgid>3</msgid>`, `<msgid>3</msgid`, `<msgid>3<msgid>`, `<newmsgid>5</newmsgid>`,
		`<<msgid>9</msgid>>`, `&lt;msgid&gt;&lt;msgid&gt;6&lt;/msgid&gt;`, ``, `msgid`, `<msgid>`,
	} {
		want := ""
		if g := re.FindStringSubmatch(text); g != nil {
			want = g[1]
		}
		if got := revokedID(text); got != want {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}
