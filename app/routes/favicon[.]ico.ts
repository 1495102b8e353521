// Browsers still ask for /favicon.ico (on error pages, for bookmarks): point them at the SVG icon.
import { redirect } from "@remix-run/node";

export function loader() {
  return redirect("/favicon.svg", 301);
}
