package main

// lead26: a page API call's {timeout} within the worker's.
var lead26 = []mutation{
	{Name: "isolated.js: a page's {timeout} past setTimeout's largest passed on (UNCERTAIN at once)", File: "extension/content/isolated.js",
		Old: `return Math.min(Math.max(Math.round(ms), MIN_API_WAIT_MS), API_WAIT_MS);`, New: `return Math.round(ms);`, Pkgs: []string{corePkg}},
}
