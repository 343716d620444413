//go:build !js

package firefox

import (
	"context"
	"encoding/json"
	"fmt"
)

// SetFiles chooses files in the <input type=file> that selector finds,
// as a person picking them does (BiDi input.setFiles: input and change
// events).
func (t *Tab) SetFiles(ctx context.Context, selector string, paths []string) error {
	id, err := t.element(ctx, selector)
	if err != nil {
		return err
	}
	return t.b.Call(ctx, "input.setFiles", map[string]any{
		"context": t.ID, "element": map[string]any{"sharedId": id}, "files": paths,
	}, nil)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// element is a BiDi reference to the element selector finds, scrolled
// into view.
func (t *Tab) element(ctx context.Context, selector string) (string, error) {
	raw, err := t.evaluate(ctx, `(() => { const e = document.querySelector(`+jsString(selector)+`); if (e) e.scrollIntoView({block: 'center'}); return e; })()`, true)
	if err != nil {
		return "", err
	}
	var el struct {
		SharedID string `json:"sharedId"`
	}
	if err := json.Unmarshal(raw, &el); err != nil || el.SharedID == "" {
		return "", fmt.Errorf("firefox: no element %s (%.200s)", selector, raw)
	}
	return el.SharedID, nil
}

// Click clicks the element selector finds with the mouse (BiDi
// input.performActions): a trusted click, which counts as the person's
// gesture (permissions.request needs one).
func (t *Tab) Click(ctx context.Context, selector string) error { return t.press(ctx, selector, 0) }

// RightClick presses the mouse's right button on the element selector
// finds: the browser opens its context menu there.
func (t *Tab) RightClick(ctx context.Context, selector string) error {
	return t.press(ctx, selector, 2)
}

// press moves the mouse onto the element and presses button there.
func (t *Tab) press(ctx context.Context, selector string, button int) error {
	id, err := t.element(ctx, selector)
	if err != nil {
		return err
	}
	el := map[string]any{"type": "element", "element": map[string]any{"sharedId": id}}
	return t.b.Call(ctx, "input.performActions", map[string]any{"context": t.ID, "actions": []any{
		map[string]any{"type": "pointer", "id": "mouse", "parameters": map[string]any{"pointerType": "mouse"}, "actions": []any{
			map[string]any{"type": "pointerMove", "x": 0, "y": 0, "origin": el},
			map[string]any{"type": "pointerDown", "button": button},
			map[string]any{"type": "pointerUp", "button": button},
		}},
	}}, nil)
}
