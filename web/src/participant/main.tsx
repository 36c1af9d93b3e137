import { render } from "solid-js/web"

render(() => <main><h1>Join</h1></main>, document.getElementById("app")!)
