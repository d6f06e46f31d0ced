// Loaded by h5p-standalone inside the H5P frame (customJs), after H5P core: statements carry the pseudonymous actor
// the player was given. The server replaces the actor anyway; this keeps a placeholder out of the player's UI.
(function () {
  if (!window.H5P || !H5P.XAPIEvent || !window.H5PIntegration || !H5PIntegration.cafeIaActor) return;
  H5P.XAPIEvent.prototype.setActor = function () {
    this.data.statement.actor = JSON.parse(JSON.stringify(H5PIntegration.cafeIaActor));
  };
})();
