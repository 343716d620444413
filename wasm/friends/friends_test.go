package friends_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/friends"
)

// req is a request of message id, from a person of its own (their
// UserName made of the id): one person's requests asked again are one
// row (TestAskingAgainIsOneRow).
func req(id string) friends.Request {
	return friends.Request{ID: id, UserName: fmt.Sprintf("@%s%x", strings.Repeat("ab", 16), id), NickName: "赵六", Content: "我是赵六，想加你", Ticket: "v2_abc@stranger"}
}

func TestWellMade(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 5000)
	tests := []struct {
		name string
		edit func(*friends.Request)
		ok   bool
	}{
		{"as it comes", func(*friends.Request) {}, true},
		{"id not digits", func(r *friends.Request) { r.ID = "12a" }, false},
		{"no id", func(r *friends.Request) { r.ID = "" }, false},
		{"a group's name", func(r *friends.Request) { r.UserName = "@@abcd" }, false},
		{"a plain name", func(r *friends.Request) { r.UserName = "fmessage" }, false},
		{"no ticket", func(r *friends.Request) { r.Ticket = "" }, false},
		{"no nick", func(r *friends.Request) { r.NickName = "" }, true},
		{"a message too long", func(r *friends.Request) { r.Content = long }, false},
		{"a nick too long", func(r *friends.Request) { r.NickName = long }, false},
		{"not UTF-8", func(r *friends.Request) { r.Content = "\xff" }, false},
		{"sex 3", func(r *friends.Request) { r.Sex = 3 }, false},
	}
	for _, tt := range tests {
		r := req("1")
		tt.edit(&r)
		require.Equal(t, tt.ok, friends.WellMade(r), tt.name)
	}
}

// TestClipKeepsALongRequest: a request whose message or names pass their
// bounds is kept with them cut at a character, not dropped without a word;
// a ticket too long is still refused (a cut one accepts nothing).
func TestClipKeepsALongRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(*friends.Request)
		ok   bool
	}{
		{"a message of 5,000 bytes", func(r *friends.Request) { r.Content = strings.Repeat("x", 5000) }, true},
		{"a message of 3-byte characters", func(r *friends.Request) { r.Content = strings.Repeat("加", 2000) }, true},
		{"a long nick of emoji", func(r *friends.Request) { r.NickName = strings.Repeat("😀", 400) }, true},
		{"a long signature", func(r *friends.Request) { r.Signature = strings.Repeat("签", 600) }, true},
		{"a ticket too long", func(r *friends.Request) { r.Ticket = strings.Repeat("t", 2000) }, false},
	}
	for _, tt := range tests {
		r := req("1")
		tt.edit(&r)
		c := friends.Clip(r)
		require.Equal(t, tt.ok, friends.WellMade(c), tt.name)
		for _, f := range []string{c.Content, c.NickName, c.Signature} {
			require.True(t, utf8.ValidString(f), "%s: cut inside a character", tt.name)
			require.LessOrEqual(t, len(f), 4096, tt.name)
		}
		require.True(t, strings.HasPrefix(r.Content, c.Content), tt.name)
		if tt.ok {
			require.NotEmpty(t, c.Content, tt.name)
		}
	}
}

func TestRecordBoundedAndOnce(t *testing.T) {
	t.Parallel()
	var rec friends.Record
	require.True(t, rec.Add(req("1")))
	require.False(t, rec.Add(req("1")), "one request per message id")
	for i := 2; i <= friends.MaxRequests+5; i++ {
		rec.Add(req(fmt.Sprint(i)))
	}
	require.Len(t, rec.Requests, friends.MaxRequests)
	require.Equal(t, "6", rec.Requests[0].ID, "the oldest go first")
	require.Nil(t, rec.Find("", "1"))
}

// TestAskingAgainIsOneRow: a stranger who asks again and again while
// their request waits (or was refused) is one row, the newest message's
// (its id, ticket and words, moved to the newest); the other requests
// stay. An accepted request stays as it was: a later one is a new row.
// Another account's request of the same person is its own.
func TestAskingAgainIsOneRow(t *testing.T) {
	t.Parallel()
	var rec friends.Record
	other := req("1")
	require.True(t, rec.Add(other))
	stranger := func(i int) friends.Request {
		r := req(fmt.Sprint(1000 + i))
		r.UserName, r.NickName = "@"+strings.Repeat("cd", 16), "加我"
		r.Content, r.Ticket = fmt.Sprint("第", i, "次"), fmt.Sprint("v2_", i)
		return r
	}
	for i := range friends.MaxRequests * 2 {
		require.True(t, rec.Add(stranger(i)), "a new message asks again")
	}
	require.Len(t, rec.Requests, 2, "one row for the stranger, and the other request kept")
	require.Equal(t, "1", rec.Requests[0].ID)
	last := rec.Requests[1]
	require.Equal(t, fmt.Sprint(1000+friends.MaxRequests*2-1), last.ID)
	require.Equal(t, fmt.Sprint("v2_", friends.MaxRequests*2-1), last.Ticket, "the ticket that accepts now")
	require.Equal(t, fmt.Sprint("第", friends.MaxRequests*2-1, "次"), last.Content)
	require.False(t, rec.Add(stranger(friends.MaxRequests*2-1)), "the same message twice is once")

	// Refused, then asked again: pending again, one row.
	rec.Failed("", last.ID, "SERVER", false)
	require.True(t, rec.Add(stranger(500)))
	require.Len(t, rec.Requests, 2)
	require.Equal(t, friends.StatePending, rec.Requests[1].State)
	require.Empty(t, rec.Requests[1].Error)

	// Accepted: a later request is a new row; asked again, still two.
	rec.Accepted("", rec.Requests[1].ID, false, time.UnixMilli(1))
	require.True(t, rec.Add(stranger(600)))
	require.True(t, rec.Add(stranger(601)))
	require.Len(t, rec.Requests, 3)
	require.Equal(t, friends.StateAccepted, rec.Requests[1].State)

	// An older ask coming after a newer one (a batch asked again late)
	// takes nothing's place.
	newer, older := stranger(800), stranger(799)
	newer.Time, older.Time = 2_000_000, 1_000_000
	require.True(t, rec.Add(newer))
	require.False(t, rec.Add(older), "an older ask after the newer")
	require.Equal(t, newer.ID, rec.Requests[len(rec.Requests)-1].ID)
	require.Len(t, rec.Requests, 3)

	// The same person asking another account is that account's row.
	b := stranger(700)
	b.Account = "@b"
	require.True(t, rec.Add(b))
	require.Len(t, rec.Requests, 4)
}

// TestRecordOncePerAccount: a message's id is one account's numbering;
// the same id in another login is another request, kept and found apart.
func TestRecordOncePerAccount(t *testing.T) {
	t.Parallel()
	var rec friends.Record
	a, b := req("1"), req("1")
	a.Account, b.Account = "@a", "@b"
	b.NickName = "另一个"
	require.True(t, rec.Add(a))
	require.True(t, rec.Add(b), "the same id in another account")
	require.False(t, rec.Add(b), "once per account")
	require.Equal(t, "赵六", rec.Find("@a", "1").NickName)
	require.Equal(t, "另一个", rec.Find("@b", "1").NickName)
	require.Nil(t, rec.Find("@c", "1"))
	require.True(t, rec.Elsewhere("@c", "1"))
	rec.Accepted("@b", "1", false, time.UnixMilli(1))
	require.Equal(t, friends.StatePending, rec.Find("@a", "1").State, "the other account's request as it was")
	require.Equal(t, friends.StateAccepted, rec.Find("@b", "1").State)
}

func TestAcceptedForgetsTicket(t *testing.T) {
	t.Parallel()
	var rec friends.Record
	rec.Add(req("1"))
	rec.Add(req("2"))
	now := time.UnixMilli(1_700_000_000_000)
	rec.Accepted("", "1", true, now)
	r := rec.Find("", "1")
	require.Equal(t, friends.StateAccepted, r.State)
	require.Empty(t, r.Ticket)
	require.True(t, r.ByRule)
	rec.Failed("", "2", "SERVER", false)
	require.Equal(t, friends.StateFailed, rec.Find("", "2").State)
	require.Empty(t, rec.Find("", "2").Ticket)
}

func TestRuleWants(t *testing.T) {
	t.Parallel()
	r := req("1")
	tests := []struct {
		cfg  friends.Config
		want bool
	}{
		{friends.Config{}, false},
		{friends.Config{Auto: friends.AutoAll}, true},
		{friends.Config{Auto: friends.AutoWord, Word: "加你"}, true},
		{friends.Config{Auto: friends.AutoWord, Word: "客户"}, false},
		{friends.Config{Auto: friends.AutoWord, Word: "  "}, false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, tt.cfg.Wants(r), "%+v", tt.cfg)
	}
	require.Equal(t, "word_empty", friends.Config{Auto: friends.AutoWord}.Check())
	require.Equal(t, "auto_unknown", friends.Config{Auto: "some"}.Check())
	require.Empty(t, friends.Config{Auto: friends.AutoAll}.Check())
}

// At most 20 an hour: the 21st waits until the first is an hour old.
func TestRuleTwentyAnHour(t *testing.T) {
	t.Parallel()
	var rec friends.Record
	start := time.UnixMilli(1_700_000_000_000)
	for i := 0; i < 20; i++ {
		now := start.Add(time.Duration(i) * time.Minute)
		require.True(t, rec.RoomThisHour(now), i)
		rec.Add(req(fmt.Sprint(i + 1)))
		rec.Accepted("", fmt.Sprint(i+1), true, now)
	}
	require.False(t, rec.RoomThisHour(start.Add(59*time.Minute)))
	require.True(t, rec.RoomThisHour(start.Add(time.Hour+time.Second)))
	require.Len(t, rec.RuleTimes, 19)
}

func TestGreeting(t *testing.T) {
	t.Parallel()
	require.Equal(t, "你好 赵六（赵六）", friends.Greeting("你好 {name}（{nick}）", "", "赵六"))
	require.Equal(t, "Hi 老赵, aka 赵六", friends.Greeting("Hi {name}, aka {nick}", "老赵", "赵六"))
}
