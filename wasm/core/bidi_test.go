package core_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

// TestNotificationsShowNamesAsTheyAre (docs/security.md row 78): a
// contact names themselves with a right-to-left override (U+202E) or
// another control that changes how the text after it reads. Put into
// wxdrop's own words ("To $TO$: $WHAT$"), the name turned the rest of the
// notification around: the person's own text, and what wxdrop says of
// it, read backwards. Names reach a notification without such
// characters now (safename.Hidden), as file names already did (row 40).
func TestNotificationsShowNamesAsTheyAre(t *testing.T) {
	t.Parallel()
	people := append(wxsim.DefaultPeople(), wxsim.Person{Key: "rlo", NickName: "王\u202e总\u2067", ContactFlag: 1})
	f := newFixtureWith(t, wxsim.Config{People: people})
	f.sim.Inject(wxsim.Fault{Endpoint: "webwxsendmsg", Drop: true, AfterHandling: true})
	e := f.add(t, msg.AddBody{To: f.sim.UserName("rlo"), Text: "合同已签"})
	f.core.Wait()
	f.env.mu.Lock()
	n := f.env.notes["wxdrop:"+e.ID]
	f.env.mu.Unlock()
	require.NotEmpty(t, n.body)
	require.True(t, strings.HasPrefix(n.body, "To 王总: 合同已签"), "%q", n.body)
	require.False(t, strings.ContainsAny(n.title+n.body, "\u202e\u2067"), "%q", n.body)
}
