package outbox_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/wxdrop/wxdrop/protocol/wxsim"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/outbox"
)

// TestRunWithAFile: a run's file is uploaded once and its MediaId sent
// to each chat, across worker stops; each chat gets the text, then the
// file, each once; the file is deleted when the last chat got it. When
// WeChat refuses the shared MediaId for a chat, that chat and the next
// ones upload their own.
func TestRunWithAFile(t *testing.T) {
	t.Parallel()
	const chats = 6
	for _, tc := range []struct {
		name string
		text string
		// stopAt stops the worker after this many requests to WeChat of
		// the run (uploads and sends) reached the server; lost stops it
		// with the last one's answer lost (stopAt must then be a send).
		stopAt int
		lost   bool
		// refuse: WeChat refuses a MediaId sent to another chat than
		// the upload's (wxsim.Config.MediaPerChat).
		refuse bool
		// uploads and uncertain are what WeChat sees.
		uploads, uncertain int
	}{
		{name: "text and file, stopped between two sends", text: "你好 {name}", stopAt: 5, uploads: 1},
		{name: "file only, stopped right after the upload", stopAt: 1, uploads: 1},
		{name: "file only, the answer of a send lost", stopAt: 3, lost: true, uploads: 1, uncertain: 1},
		{name: "shared MediaId refused: each chat uploads", refuse: true, uploads: chats},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := newManyRig(t, wxsim.Config{MediaPerChat: tc.refuse})
			m.disk.put("page-f", pdf(3000))
			st, err := m.ob.AddRun(context.Background(), msg.RunBody{To: m.to[:chats], Text: tc.text,
				File: &msg.FileRef{ID: "page-f", Name: "价目表.pdf", Size: 3009, Type: "application/pdf"}})
			require.NoError(t, err)
			perChat := 1
			if tc.text != "" {
				perChat = 2
			}
			require.Equal(t, chats*perChat, st.Total, "each chat's text and file are the run's messages")
			requests := func() int {
				return len(m.sim.RequestsTo("webwxuploadmedia")) + len(m.sim.RequestsTo("webwxsendmsg")) + len(m.sim.RequestsTo("webwxsendappmsg"))
			}
			if tc.stopAt > 0 {
				for requests() < tc.stopAt-1 {
					m.clock.Set(later(m.step(), m.clock.Now()))
				}
				if tc.lost {
					m.w.stopAfterSend.Store(true)
				}
				for requests() < tc.stopAt && !m.w.stopped.Load() {
					next, _ := m.ob.Step(context.Background())
					m.clock.Set(later(next, m.clock.Now()))
				}
				m.w.stopped.Store(true)
				m.restart()
			}
			m.drain(time.Hour)

			require.Equal(t, tc.uploads, len(m.sim.RequestsTo("webwxuploadmedia")), "uploads")
			files := map[string]int{}
			texts := map[string]int{}
			media := map[string]bool{}
			for _, s := range m.sim.Messages() {
				if s.Incoming {
					continue
				}
				if s.FileName != "" {
					require.Equal(t, "价目表.pdf", s.FileName)
					files[s.ToKey]++
					media[s.MediaID] = true
				} else {
					texts[s.ToKey]++
				}
			}
			for i := range chats {
				key := fmt.Sprintf("friend%02d", i)
				require.Equal(t, 1, files[key], "%s gets the file once", key)
				if tc.text != "" {
					require.Equal(t, 1, texts[key], "%s gets the text once", key)
				}
			}
			require.Len(t, media, tc.uploads, "the chats share the MediaIds uploaded")
			st = m.status(st.ID)
			require.True(t, st.Done)
			require.Equal(t, chats*perChat-tc.uncertain, st.Counts[msg.RunSent])
			require.Equal(t, tc.uncertain, st.Counts[msg.RunUncertain])
			if tc.uncertain == 0 {
				require.False(t, m.disk.has("page-f"), "the file is let go once every chat has it")
			} else {
				require.True(t, m.disk.has("page-f"), "kept for the person to send the uncertain one again")
			}
			for _, c := range st.Chats {
				if c.File != "" {
					require.Equal(t, "价目表.pdf", c.File)
				}
			}
		})
	}
}

// TestRunFileRefused: a run's file is checked as a single send's is.
func TestRunFileRefused(t *testing.T) {
	t.Parallel()
	m := newManyRig(t, wxsim.Config{})
	for _, tc := range []struct {
		file msg.FileRef
		code msg.Code
	}{
		{msg.FileRef{ID: "x", Name: "a.pdf"}, msg.ErrEmptyFile},
		{msg.FileRef{Name: "a.pdf", Size: 3}, msg.ErrBadRequest},
		{msg.FileRef{ID: "x", Size: 3}, msg.ErrBadRequest},
		{msg.FileRef{ID: "x", Name: "a.pdf", Size: msg.MaxFileBytes + 1}, msg.ErrOutboxFull},
	} {
		f := tc.file
		_, err := m.ob.AddRun(context.Background(), msg.RunBody{To: m.to[:2], File: &f})
		require.Equal(t, tc.code, outbox.ErrorOf(err).Code, "%+v", tc.file)
	}
}

// TestRepeatingRunWithAFile: a daily run sends each chat its text and
// file once a day, across a worker stop in each occurrence; the file is
// uploaded once for all the days of one login, and kept between them.
func TestRepeatingRunWithAFile(t *testing.T) {
	t.Parallel()
	m := newManyRig(t, wxsim.Config{})
	m.disk.put("page-f", pdf(3000))
	at := m.clock.Now().Add(time.Hour)
	st, err := m.ob.AddRun(context.Background(), msg.RunBody{To: m.to[:3], Text: "早安 {name}", At: at.UnixMilli(), Repeat: msg.RepeatDaily,
		File: &msg.FileRef{ID: "page-f", Name: "日报.pdf", Size: 3009}})
	require.NoError(t, err)
	for day := range 3 {
		slot := at.AddDate(0, 0, day)
		require.True(t, slot.Equal(m.step()), "day %d wakes the worker at its time", day)
		m.clock.Set(slot)
		// Two messages, then the worker stops.
		for len(m.sim.RequestsTo("webwxsendmsg"))+len(m.sim.RequestsTo("webwxsendappmsg")) < day*6+2 {
			m.clock.Set(later(m.step(), m.clock.Now()))
		}
		m.w.stopped.Store(true)
		m.restart()
		m.drain(time.Hour)
		got := map[string]int{}
		for _, s := range m.sim.Messages() {
			got[s.ToKey+" "+s.FileName]++
		}
		for i := range 3 {
			require.Equal(t, day+1, got[fmt.Sprintf("friend%02d ", i)], "day %d: friend%02d's texts", day, i)
			require.Equal(t, day+1, got[fmt.Sprintf("friend%02d 日报.pdf", i)], "day %d: friend%02d's files", day, i)
		}
		require.True(t, m.disk.has("page-f"), "kept for the next day")
		st = m.status(st.ID)
		require.Equal(t, 6, st.Counts[msg.RunWaiting], "day %d: the next day's chats wait", day)
		require.Equal(t, slot.AddDate(0, 0, 1).UnixMilli(), st.Chats[0].Slot)
	}
	require.Equal(t, 1, len(m.sim.RequestsTo("webwxuploadmedia")), "one upload for every day of the login")
	_, err = m.ob.DoRun(context.Background(), st.ID, outbox.RunStop)
	require.NoError(t, err)
	m.drain(48 * time.Hour)
	require.Equal(t, 18, len(m.sim.Messages()), "nothing after the run was stopped")
}

// TestScheduledRunWakesAWorkerStoppedBeforeItsPlan: a run made for an
// hour from now sets a wake-up before its answer, so a worker stopped
// before it planned the run (and set the run's own alarm) wakes again.
func TestScheduledRunWakesAWorkerStoppedBeforeItsPlan(t *testing.T) {
	t.Parallel()
	m := newManyRig(t, wxsim.Config{})
	now := m.clock.Now()
	at := now.Add(time.Hour)
	_, err := m.ob.AddRun(context.Background(), msg.RunBody{To: m.to[:2], Text: "你好 {name}", At: at.UnixMilli()})
	require.NoError(t, err)
	require.NotEmpty(t, m.fx.wakes, "no wake-up set before the answer")
	require.Equal(t, now.Add(5*time.Second), m.fx.wakes[len(m.fx.wakes)-1], "the wake-up a stopped worker leaves")
	m.w.stopped.Store(true)
	m.restart()
	m.clock.Set(now.Add(5 * time.Second))
	require.True(t, at.Equal(m.step()), "the woken worker plans the run's time")
	m.clock.Set(at)
	m.drain(time.Hour)
	require.Len(t, m.sim.Messages(), 2)
}
