import { render } from "solid-js/web"

render(() => <main><h1>Studio</h1></main>, document.getElementById("app")!)
