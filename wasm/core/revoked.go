package core

import (
	"strings"

	"github.com/wxdrop/wxdrop/protocol"
	"github.com/wxdrop/wxdrop/wasm/msg"
	"github.com/wxdrop/wxdrop/wasm/safename"
)

// revokedIntro is the start of the Introduction WeChat answers a recall
// with today (PROTOCOL.md §5.6; with "（部分旧版本微信不支持这个功能）。"
// after it, or "…"): the claim api_revoked says in the person's
// language.
const revokedIntro = "你可以撤回2分钟内发送的消息"

// maxRevokedWords bounds the words of WeChat's wxdrop.revoke passes on.
const maxRevokedWords = 200

// revokedWords is what wxdrop.revoke resolves with (its introduction),
// from WeChat's answer: api_revoked, the person's language's words for
// what WeChat says today, when WeChat said that; else WeChat's own words
// as they came (api_revoked_said: "Recalled. WeChat says: …" in English,
// the words alone in Chinese, which they are), cleaned and cut; and
// "Recalled." when WeChat said nothing. It was api_revoked whatever
// WeChat said: a fixed sentence given as WeChat's words.
func revokedWords(tr func(key string, subs ...string) string, r protocol.RevokeResult) string {
	intro := strings.TrimSpace(r.Introduction)
	if strings.HasPrefix(intro, revokedIntro) {
		return tr("api_revoked")
	}
	said := strings.TrimSpace(r.SysWording)
	if said != "" && intro != "" && !strings.HasSuffix(said, "。") {
		said += "。"
	}
	said = msg.Cut(safename.Visible(said+intro), maxRevokedWords)
	if said == "" {
		return tr("api_revoked_plain")
	}
	return tr("api_revoked_said", said)
}
