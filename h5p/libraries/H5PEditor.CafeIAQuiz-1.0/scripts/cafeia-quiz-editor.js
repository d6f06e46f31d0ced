// Editor widget of the Café IA Quiz (MIT). Only the H5P editor loads it; the player never does.
var H5PEditor = window.H5PEditor || {};
H5PEditor.widgets = H5PEditor.widgets || {};
H5PEditor.CafeIAQuiz = function (parent, field, params, setValue) {
  this.params = params;
  this.setValue = setValue;
};
H5PEditor.CafeIAQuiz.prototype.appendTo = function ($wrapper) {
  $wrapper.append("<p>Café IA Quiz</p>");
};
H5PEditor.CafeIAQuiz.prototype.validate = function () {
  return true;
};
H5PEditor.CafeIAQuiz.prototype.remove = function () {};
