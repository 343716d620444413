package model

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/wasm/jsonlite"
	"github.com/wxdrop/wxdrop/wasm/msg"
)

func TestRunTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		n, spacing, perHour int
		want                time.Duration
	}{
		{0, 3000, 100, 0},
		{1, 3000, 100, 0},
		{2, 3000, 100, 3 * time.Second},
		{30, 3000, 100, 87 * time.Second},
		{101, 1000, 100, time.Hour},
		{250, 3000, 100, 2 * time.Hour},
		{250, 3000, 0, 2 * time.Hour},
		{21, 1000, 10, 2 * time.Hour},
		{30, 3000, 3600, 87 * time.Second},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, RunTime(tt.n, tt.spacing, tt.perHour), "%d messages at %d ms, %d an hour", tt.n, tt.spacing, tt.perHour)
	}
}

func TestMinSec(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d      time.Duration
		m, sec int
	}{
		{0, 0, 0},
		{87 * time.Second, 1, 27},
		{1500 * time.Millisecond, 0, 2},
		{time.Hour, 60, 0},
	}
	for _, tt := range tests {
		m, s := MinSec(tt.d)
		require.Equal(t, [2]int{tt.m, tt.sec}, [2]int{m, s}, "%v", tt.d)
	}
}

func TestRunLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spacing, perHour string
		ms, cap          int
		bad              string
	}{
		{"", "", msg.DefaultRunSpacingMs, msg.DefaultRunPerHour, ""},
		{"3", "100", 3000, 100, ""},
		{" 1.5 ", "1", 1500, 1, ""},
		{"1", "3600", 1000, 3600, ""},
		{"60", "20", 60_000, 20, ""},
		{"0.5", "100", 0, 0, "many_spacing_bad"},
		{"0", "100", 0, 0, "many_spacing_bad"},
		{"-3", "100", 0, 0, "many_spacing_bad"},
		{"61", "100", 0, 0, "many_spacing_bad"},
		{"abc", "100", 0, 0, "many_spacing_bad"},
		{"NaN", "100", 0, 0, "many_spacing_bad"},
		{"3", "0", 0, 0, "many_perhour_bad"},
		{"3", "-5", 0, 0, "many_perhour_bad"},
		{"3", "2.5", 0, 0, "many_perhour_bad"},
		{"3", "3601", 0, 0, "many_perhour_bad"},
		{"3", "百", 0, 0, "many_perhour_bad"},
	}
	for _, tt := range tests {
		ms, c, bad := RunLimits(tt.spacing, tt.perHour)
		require.Equal(t, tt.bad, bad, "%q %q", tt.spacing, tt.perHour)
		if bad == "" {
			require.Equal(t, [2]int{tt.ms, tt.cap}, [2]int{ms, c}, "%q %q", tt.spacing, tt.perHour)
		}
	}
}

func TestRunMessages(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		n          int
		text, file bool
		want       int
	}{{4, true, false, 4}, {4, false, true, 4}, {4, true, true, 8}, {0, true, true, 0}} {
		require.Equal(t, tt.want, RunMessages(tt.n, tt.text, tt.file), "%+v", tt)
	}
}

// TestTickSaved: a saved list of chats ticks, in a later login of its
// account, the chat of each name only when one chat has it and it is
// (or is not) a group as it was; a list of another account ticks none
// of its names (another account's 老张 is another person), nor a name
// two chats have now.
func TestTickSaved(t *testing.T) {
	t.Parallel()
	now := []ListChat{
		{User: "@a2", Name: "老张"},
		{User: "@@g2", Name: "客户群", Group: true},
		{User: "@b2", Name: "王五"},
		{User: "@c2", Name: "重名"}, {User: "@d2", Name: "重名"},
		{User: "@@e2", Name: "李四", Group: true},
		{User: "filehelper", Name: "文件传输助手"},
		// Groups not saved to the contacts (row 77): one of a saved
		// group's name, and one whose name no saved chat has.
		{User: "@@x2", Name: "客户群", Group: true, Unsaved: true},
		{User: "@@k2", Name: "家人群", Group: true, Unsaved: true},
	}
	saved := SavedList{
		Users:   []string{"@a1", "@@g1", "@c1", "@l1", "filehelper"},
		Names:   []string{"老张", "客户群", "重名", "李四", "文件传输助手"},
		Groups:  []bool{false, true, false, false, false},
		Account: "acct-a",
	}
	users := func(cs []ListChat) []string {
		out := []string{}
		for _, c := range cs {
			out = append(out, c.User)
		}
		return out
	}
	tests := []struct {
		name    string
		list    SavedList
		account string
		want    []string
		missing []string
	}{
		{"the login that saved it", SavedList{Users: []string{"@a2", "@b2"}, Names: []string{"老张", "王五"}, Account: "acct-a"}, "acct-a", []string{"@a2", "@b2"}, nil},
		{"a later login of its account", saved, "acct-a", []string{"@a2", "@@g2", "filehelper"}, []string{"重名", "李四"}},
		{"another account", saved, "acct-b", []string{}, saved.Names},
		{"saved before the account and groups were kept", SavedList{Users: saved.Users, Names: saved.Names}, "acct-a", []string{"@a2", "@@g2", "@@e2", "filehelper"}, []string{"重名"}},
		{"an unsaved group is not found by its name", SavedList{Users: []string{"@@k1"}, Names: []string{"家人群"}, Groups: []bool{true}, Account: "acct-a"}, "acct-a", []string{}, []string{"家人群"}},
		{"an unsaved group by its UserName", SavedList{Users: []string{"@@k2"}, Names: []string{"家人群"}, Groups: []bool{true}, Account: "acct-a"}, "acct-a", []string{"@@k2"}, nil},
		{"a name not kept", SavedList{Users: []string{"@z1"}, Account: "acct-a"}, "acct-a", []string{}, []string{"@z1"}},
	}
	for _, tt := range tests {
		got, missing := TickSaved(tt.list, tt.account, now)
		require.Equal(t, tt.want, users(got), tt.name)
		require.Equal(t, tt.missing, missing, tt.name)
	}
}

// TestMissingText: the chats of a saved list not ticked are named, the
// first five, then how many in all; it said "2 chats of the list were
// not found in this login", and a person had to find which.
func TestMissingText(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		lang  string
		names []string
		want  string
	}{
		{"en", []string{"老张", "李四"}, "Not found in this login, so not ticked: 老张, 李四."},
		{"zh_CN", []string{"老张", "李四"}, "本次登录中找不到，未勾选：老张、李四。"},
		{"en", []string{"a", "b", "c", "d", "e", "f", "g"}, "Not found in this login, so not ticked: a, b, c, d, e… (7 in all)."},
		{"zh_CN", []string{"a", "b", "c", "d", "e", "f"}, "本次登录中找不到，未勾选：a、b、c、d、e…（共 6 个）。"},
	} {
		require.Equal(t, tt.want, MissingText(translator(loadLocale(t, tt.lang)), tt.names), tt.lang)
	}
}

// TestSavedListsAsStored reads the saved lists as each version wrote them
// (groups as 1 and 0, or none before they were kept) and writes them back
// the same.
func TestSavedListsAsStored(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, stored string
		want         SavedList
	}{
		{"groups and account", `{"客户":{"users":["@a","@@g"],"names":["老张","客户群"],"groups":[0,1],"account":"acc1"}}`,
			SavedList{Users: []string{"@a", "@@g"}, Names: []string{"老张", "客户群"}, Groups: []bool{false, true}, Account: "acc1"}},
		{"before groups were kept", `{"客户":{"users":["@a"],"names":["老张"]}}`,
			SavedList{Users: []string{"@a"}, Names: []string{"老张"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var all map[string]SavedList
			require.NoError(t, jsonlite.DecodeValue(tc.stored, &all, SavedLists))
			require.Equal(t, map[string]SavedList{"客户": tc.want}, all)
			require.JSONEq(t, tc.stored, string(jsonlite.AppendValue(nil, &all, SavedLists, true)))
		})
	}
}

// TestRunConfirm: the confirmation of a run says how long it takes, but
// not for one message, which takes no time ("about 0 min 0 s").
func TestRunConfirm(t *testing.T) {
	t.Parallel()
	tr := func(key string, subs ...string) string { return key + "(" + strings.Join(subs, ",") + ")" }
	for _, tc := range []struct {
		n    int
		d    time.Duration
		when string
		want string
	}{
		{1, 0, "", "many_confirm_one(1)"},
		{1, 0, "周六 08:00", "many_confirm_one_at(1,周六 08:00)"},
		{30, 87 * time.Second, "", "many_confirm(30,1,27)"},
		{30, 87 * time.Second, "周六 08:00", "many_confirm_at(30,周六 08:00,1,27)"},
		// Under a minute, seconds alone: it said "about 0 min 2 s".
		{2, 1500 * time.Millisecond, "", "many_confirm_s(2,2)"},
		{3, 4 * time.Second, "周六 08:00", "many_confirm_at_s(3,周六 08:00,4)"},
		{3, 60 * time.Second, "", "many_confirm(3,1,0)"},
	} {
		require.Equal(t, tc.want, RunConfirm(tr, tc.n, tc.d, tc.when))
	}
}

// TestRunStateKey: the run's progress line says "stopped" for a run the
// person stopped; it said "finished", as if every chat had had its
// message, beside the chats marked not sent.
func TestRunStateKey(t *testing.T) {
	t.Parallel()
	now := time.UnixMilli(1_000_000)
	for _, tc := range []struct {
		name string
		st   msg.RunStatus
		want string
	}{
		{"stopped", msg.RunStatus{Run: msg.Run{Stopped: true}, Done: true}, "many_stopped"},
		{"finished", msg.RunStatus{Done: true}, "many_done"},
		{"paused", msg.RunStatus{Run: msg.Run{Paused: true}}, "many_paused"},
		{"held by WeChat", msg.RunStatus{PauseUntil: now.UnixMilli() + 1}, "many_wechat_pause"},
		{"going", msg.RunStatus{PauseUntil: now.UnixMilli()}, ""},
	} {
		require.Equal(t, tc.want, RunStateKey(tc.st, now), tc.name)
	}
}
