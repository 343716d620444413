//go:build !js

package firefox

import (
	"testing"
)

// TestFirefoxTrial24 is what trial24 found trying wxdrop as a person in
// Firefox, in one browser logged in on the simulated page.
func TestFirefoxTrial24(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.logIn(t)
	opts := e.openOptions(t, "#rules-on")
	defer opts.Close()

	// wxdrop.avatar of a contact that contacts() lists gives its
	// avatar, 文件传输助手's too (UserName "filehelper", not @…). It was
	// refused as BAD_REQUEST "avatar takes a contact from contacts()",
	// though contacts() gave it and the page shows that avatar.
	t.Run("the page API gives 文件传输助手's avatar", func(t *testing.T) {
		click(t, opts, "#api-enabled")
		wait(t, e.page, `typeof window.wxdrop === 'object'`, "window.wxdrop on the page once turned on")
		got := eval[string](t, e.page, `(async () => {
	await wxdrop.ready;
	try {
		const [c] = await wxdrop.contacts('wjcszs');
		if (!c || c.userName !== 'filehelper') return 'contacts("wjcszs") gave ' + JSON.stringify(c);
		const b = await wxdrop.avatar(c);
		const u = new Uint8Array(await b.arrayBuffer());
		return b.type + ' ' + String.fromCharCode(...u.slice(1, 4));
	} catch (e) { return 'threw ' + e.code + ' ' + e.message; }
})()`)
		if got != "image/png PNG" {
			t.Errorf("wxdrop.avatar of 文件传输助手: %s; want its PNG", got)
		}
	})

	// A rule's Delete stands apart from the rule's words: it stood
	// against them, “稍后回复”删除, as if one text.
	t.Run("a rule's Delete stands apart from its words", func(t *testing.T) {
		eval[bool](t, opts, `(() => {
			const set = (id, v) => { const e = document.querySelector('#' + id); e.value = v; e.dispatchEvent(new Event('change', {bubbles: true})); };
			set('rule-kind', 'reply');
			set('rule-pattern', '在吗');
			set('rule-reply', '稍后回复');
			return true;
		})()`)
		click(t, opts, "#rule-add")
		wait(t, opts, `document.querySelectorAll('#rules-list li.rule').length === 1`, "the rule to be listed")
		gap := eval[float64](t, opts, `(() => {
			const li = document.querySelector('#rules-list li.rule');
			const words = li.querySelector('span'), del = li.querySelector('button');
			return del.getBoundingClientRect().left - words.getBoundingClientRect().right;
		})()`)
		if gap < 4 {
			t.Errorf("a rule's Delete is %.1f px from the rule's words; want a space between", gap)
		}
	})
}
