"""The Spanish vocabulary of the bench seed: names, places and the sentences
its journal entries, minutes, agreements and workshop products are composed
from (after the demo's texts in communities/demo/ and workshops/demo/).

No sentence holds Markdown or HTML syntax (asterisks, angle brackets,
ampersands, leading hyphens or digits followed by a dot), so that a body made
of them renders as plain paragraphs and its stored HTML can be built in SQL."""

FIRST_NAMES = [
    "Ana Sofía", "Luis Fernando", "María Guadalupe", "Roberto Carlos", "Claudia Verónica", "José Antonio",
    "Rosa Elena", "Itzel", "Fernando", "Adriana", "Marco Antonio", "Lucía", "Eloísa", "Gerardo", "Yesenia",
    "Raúl", "Natividad", "Patricia", "Héctor Manuel", "Gabriela", "Jorge Luis", "Verónica", "Juan Carlos",
    "Alejandra", "Miguel Ángel", "Karla", "Francisco Javier", "Mónica", "Ricardo", "Leticia", "Arturo",
    "Beatriz", "Sergio", "Diana Laura", "Óscar", "Norma Angélica", "Víctor Hugo", "Elizabeth", "Eduardo",
    "Silvia", "Alfredo", "Margarita", "Jesús", "Laura Elena", "Ramón", "Teresa", "Guillermo", "Martha",
    "Daniel", "Brenda", "Armando", "Sandra", "Emilio", "Xóchitl", "Rodrigo", "Citlali", "Enrique", "Ximena",
    "Salvador", "Araceli", "Ignacio", "Yolanda", "Tomás", "Fabiola",
]  # fmt: skip

SURNAMES = [
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez",
    "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Reyes", "Jiménez", "Torres", "Díaz", "Gutiérrez",
    "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero", "Álvarez", "Méndez", "Chávez",
    "Rivera", "Juárez", "Ramos", "Domínguez", "Herrera", "Medina", "Castañeda", "Velasco", "Santiago",
    "Matus", "Aquino", "Bautista", "Luna", "Toledo", "Zárate", "Pacheco", "Gopar", "Sosa", "Regalado",
    "Ríos", "Cervantes", "Salazar", "Guerrero", "Contreras", "Estrada", "Núñez", "Cortés", "Vargas",
    "Delgado", "Navarro", "Campos", "Cabrera", "Soto", "Fuentes", "Carrillo", "Escobar", "Villanueva",
]  # fmt: skip

MUNICIPALITIES = [
    "Guadalajara", "Zapopan", "Tlaquepaque", "Oaxaca de Juárez", "Juchitán de Zaragoza", "Puebla",
    "Tehuacán", "Monterrey", "Apodaca", "León", "Irapuato", "Celaya", "Morelia", "Uruapan", "Toluca",
    "Ecatepec de Morelos", "Nezahualcóyotl", "Mérida", "Valladolid", "Tuxtla Gutiérrez", "San Cristóbal de las Casas",
    "Chihuahua", "Ciudad Juárez", "Hermosillo", "Culiacán", "Veracruz", "Xalapa", "Coatzacoalcos",
    "Aguascalientes", "Saltillo", "Torreón", "Durango", "Pachuca de Soto", "Cuernavaca", "Tepic",
    "Querétaro", "San Luis Potosí", "Villahermosa", "Tampico", "Tlaxcala", "Zacatecas", "Colima",
    "Campeche", "Chetumal", "La Paz", "Mexicali", "Tijuana", "Acapulco de Juárez", "Chilpancingo",
]  # fmt: skip

# (CCT type letters, level, name pattern): the CCT's three letters say the kind of school.
SCHOOL_KINDS = [
    ("DES", "basica", "Escuela Secundaria General No. {n}"),
    ("DST", "basica", "Escuela Secundaria Técnica No. {n}"),
    ("ETV", "basica", "Telesecundaria «{hero}»"),
    ("DPR", "basica", "Escuela Primaria «{hero}»"),
    ("DCT", "media_superior", "Centro de Bachillerato Tecnológico Industrial y de Servicios No. {n}"),
    ("ECB", "media_superior", "Colegio de Bachilleres Plantel {n}"),
    ("EBH", "media_superior", "Escuela Preparatoria «{hero}»"),
    ("DTA", "media_superior", "Centro de Bachillerato Tecnológico Agropecuario No. {n}"),
]

HEROES = [
    "Benito Juárez", "Sor Juana Inés de la Cruz", "Miguel Hidalgo", "José María Morelos", "Leona Vicario",
    "Josefa Ortiz de Domínguez", "Emiliano Zapata", "Lázaro Cárdenas", "Rosario Castellanos", "Octavio Paz",
    "Gabriela Mistral", "José Vasconcelos", "Ignacio Manuel Altamirano", "Rafael Ramírez", "Justo Sierra",
    "Elena Garro", "Nezahualcóyotl", "Cuauhtémoc", "Niños Héroes", "Gregorio Torres Quintero",
]  # fmt: skip

SHIFTS = ["matutino", "matutino", "vespertino", "vespertino", "tiempo_completo", "discontinuo", "nocturno"]

# --- The journal ------------------------------------------------------------------------------

JOURNAL_TITLES = [
    "Me costó no reaccionar", "El semáforo de emociones funcionó", "Dudas sobre la observación entre pares",
    "Evidencias en la carpeta común", "Cansancio de fin de bimestre", "Un conflicto entre dos alumnas",
    "Lo que aprendí de la escucha en parejas", "Entrevistas con tutores de grupo", "Por qué dije que sí",
    "La pausa de tres respiraciones", "Un grupo que por fin habló", "Roles rotativos en el taller",
    "La asamblea del viernes", "Metas semanales en Matemáticas", "Lo que me dijo una madre de familia",
    "Cuando el plan no salió", "Una clase que volvería a dar", "Burlas en redes sociales",
    "Lo que vi al observar a un colega", "El acuerdo que no cumplimos", "Respirar antes de responder",
    "Mi grupo de primero y la colaboración", "Leer los resultados del diagnóstico", "Preguntas para la tutora",
    "Lo que cambió esta semana", "Un estudiante que dejó de venir", "Trabajo en equipos mixtos",
    "El árbol de decisiones en tutoría", "Perseverar en la práctica de laboratorio", "Reconocer lo que sí funciona",
]  # fmt: skip

JOURNAL_SENTENCES = [
    "Hoy un alumno me contestó mal frente al grupo y me enojé más de lo que quisiera.",
    "Respiré antes de responder y la conversación cambió de tono.",
    "Apliqué el semáforo de emociones al inicio de la clase y ocho estudiantes marcaron rojo.",
    "Al cierre sólo dos seguían en rojo, y uno quiso hablar conmigo al salir.",
    "Lo que funcionó fue no pedir explicaciones en el momento.",
    "La próxima vez daré más tiempo al cierre para que el grupo escriba.",
    "No sé si mis colegas se sentirán juzgados al observar mis clases.",
    "Quiero plantear la observación entre pares sin que parezca supervisión.",
    "Los roles rotativos ayudan a que participen quienes casi no hablan.",
    "Estoy cansado y eso se nota en mi paciencia con el grupo.",
    "Intervine con el árbol de decisiones y ellas mismas propusieron cómo reparar el daño.",
    "Mis estudiantes escuchan mejor cuando tienen que resumir lo que dijo el otro.",
    "Los conflictos más frecuentes son por burlas en redes sociales.",
    "Me convenció que las sesiones de la comunidad sean dentro de la jornada.",
    "En la sesión de la comunidad compartimos lo que nos funciona y lo que no.",
    "La maestra de Historia me prestó su rúbrica de participación y la adapté a mi materia.",
    "El grupo de segundo respondió bien a la asamblea de quince minutos.",
    "Noté que cuando doy instrucciones por escrito hay menos interrupciones.",
    "Una madre de familia me agradeció que su hijo ya no llega con miedo a la escuela.",
    "Me pregunto cómo medir el avance sin convertirlo en otra calificación.",
    "Los resultados del diagnóstico dicen que los estudiantes no se sienten escuchados.",
    "Me sorprendió que el bienestar docente saliera como prioridad.",
    "Acordamos revisar los acuerdos de convivencia cada viernes.",
    "Probé la pausa activa después del receso y el grupo se concentró mejor.",
    "Escribir esta bitácora me ayuda a ver mi práctica con más calma.",
    "Me falta tiempo para preparar las actividades socioemocionales con cuidado.",
    "La colaboración con el colega de Química nos ahorró trabajo a los dos.",
    "Algunos estudiantes se resisten a hablar de emociones frente a sus compañeros.",
    "Usé una pregunta del banco de prácticas y abrió una buena conversación.",
    "Quiero llevar este caso a la próxima sesión de la comunidad.",
    "La tutora nos sugirió empezar por una meta pequeña y medible.",
    "Me di cuenta de que interrumpo a los estudiantes más de lo que creía.",
    "Hoy el grupo resolvió solo un desacuerdo sobre los equipos.",
    "Registré la asistencia a las tutorías y subió en las últimas dos semanas.",
    "La estrategia de Construye T sobre perseverancia funcionó mejor con ejemplos propios.",
    "Necesito pedir apoyo a la dirección para el espacio de las reuniones.",
    "Me sentí parte de un equipo por primera vez en este plantel.",
    "La observación de la clase de mi colega me dejó varias ideas para mi grupo.",
    "Los estudiantes propusieron sus propias reglas para el trabajo en equipo.",
    "Voy a intentar cerrar cada clase con una pregunta sobre cómo se sintieron.",
]

REFLECTION_COMMENTS = [
    "Gracias por compartirlo: me pasó algo parecido con mi grupo de tercero.",
    "¿Podrías traer este caso a la próxima sesión? Creo que nos sirve a todos.",
    "Muy buena idea la del semáforo; la voy a probar la próxima semana.",
    "Se nota el avance desde tu primera entrada. Sigue así.",
    "Te sugiero revisar la estrategia de autorregulación del catálogo.",
    "Coincido: la pausa antes de responder cambia toda la conversación.",
    "Buen registro. ¿Qué evidencia podrías guardar para la carpeta?",
]

# --- Meetings ----------------------------------------------------------------------------------

MEETING_PURPOSES = [
    "Sesión de integración de la comunidad", "Revisión de los resultados del diagnóstico",
    "Definición de metas socioemocionales", "Acuerdos de colaboración", "Análisis de estrategias Construye T",
    "Seguimiento de acuerdos", "Observación entre pares: planeación", "Observación entre pares: retroalimentación",
    "Compartir experiencias del bimestre", "Análisis de prácticas relevantes", "Planeación de la difusión",
    "Preparación del Consejo Técnico Escolar", "Revisión del avance de metas", "Sesión de cierre de bimestre",
]  # fmt: skip

PLACES = [
    "Biblioteca", "Sala de maestros", "Aula de medios", "Dirección", "Laboratorio de Química",
    "Salón 12", "Auditorio", "Aula 3 del edificio B", "Sala de usos múltiples",
]  # fmt: skip

AGENDA_ITEMS = [
    "Bienvenida y lectura de la orden del día", "Revisión de acuerdos de la sesión anterior",
    "Lectura de los resultados del diagnóstico", "Propuesta de normas de colaboración",
    "Avance de las metas socioemocionales", "Análisis de una estrategia de Construye T",
    "Experiencias del grupo con la estrategia", "Casos para la observación entre pares",
    "Evidencias para la carpeta de la comunidad", "Organización de la próxima sesión",
    "Asuntos generales", "Acuerdos y cierre",
]  # fmt: skip

MINUTES_SENTENCES = [
    "Se revisaron los acuerdos de la sesión anterior: la mayoría se cumplió en tiempo.",
    "La directora presentó los resultados del diagnóstico por dimensión.",
    "Cada docente compartió una experiencia con su grupo durante la semana.",
    "Se analizó la estrategia de autorregulación y se acordó adaptarla a primer grado.",
    "El tutor Construye T sugirió registrar evidencias de cada actividad.",
    "Se discutió cómo involucrar a las familias en las metas de convivencia.",
    "Se acordó que la observación entre pares sea voluntaria y con retroalimentación por escrito.",
    "Se revisó el avance de las metas: una va en tiempo y otra requiere ajustes.",
    "Se propuso compartir las prácticas en el banco de la escuela.",
    "La sesión terminó a tiempo y con la participación de todas las personas presentes.",
    "Se comentó la necesidad de un espacio fijo para las reuniones.",
    "Se valoró el trabajo de los equipos en el taller del Consejo Técnico.",
]

AGREEMENTS = [
    "Aplicar el semáforo de emociones en todos los grupos de primero",
    "Compartir en la carpeta común las evidencias de la estrategia",
    "Entrevistar a los tutores de grupo sobre los conflictos más frecuentes",
    "Preparar la observación entre pares de la próxima semana",
    "Llevar a la sesión un caso de convivencia para analizarlo",
    "Registrar el avance de la meta de asistencia a tutorías",
    "Invitar a las familias a la asamblea del viernes",
    "Revisar la estrategia de perseverancia y proponer una adaptación",
    "Publicar una práctica en el banco de la escuela",
    "Redactar el acta de la sesión y enviarla para su aprobación",
    "Solicitar a la dirección el aula de medios para las sesiones",
    "Diseñar una rúbrica común de participación",
]

NORMS = [
    "Iniciamos y terminamos a tiempo.",
    "Escuchamos sin interrumpir y pedimos la palabra.",
    "Lo que se comparte en la comunidad se queda en la comunidad.",
    "Criticamos las ideas, no a las personas.",
    "Cada quien trae una evidencia de su práctica a la sesión.",
    "Rotamos la moderación, la relatoría y el tiempo en cada sesión.",
    "Respetamos los acuerdos y avisamos si no podemos cumplirlos.",
    "Celebramos los avances, por pequeños que sean.",
]

ACTIVITIES = [
    "Observación entre pares una vez al mes",
    "Círculo de lectura sobre educación socioemocional",
    "Feria de prácticas al cierre del bimestre",
    "Asamblea mensual con representantes de grupo",
    "Taller breve para familias sobre convivencia",
]

VOTE_COMMENTS = ["", "", "", "De acuerdo.", "Me parece bien si lo revisamos al mes.", "Propongo ajustar la redacción."]

# --- Goals ------------------------------------------------------------------------------------

# (statement, skill code, indicator, unit, baseline, target)
GOALS = [
    ("Que 70 % de los estudiantes nombre sus emociones antes de un examen.", "autorregulacion",
     "Estudiantes que nombran sus emociones", "%", 40, 70),
    ("Reducir a la mitad los reportes por burlas en redes sociales.", "conciencia-social",
     "Reportes de burlas al mes", "reportes", 12, 6),
    ("Que cada grupo acuerde y revise sus normas de convivencia.", "colaboracion",
     "Grupos con normas revisadas", "grupos", 2, 12),
    ("Aumentar la asistencia a las tutorías de grupo.", "perseverancia",
     "Asistencia promedio a tutorías", "%", 55, 80),
    ("Que los estudiantes usen el árbol de decisiones ante un conflicto.", "toma-responsable-de-decisiones",
     "Conflictos resueltos con el árbol de decisiones", "casos", 3, 20),
    ("Que los estudiantes identifiquen sus fortalezas al iniciar el semestre.", "autoconocimiento",
     "Estudiantes con su mapa de fortalezas", "%", 10, 60),
]  # fmt: skip

PROGRESS_NOTES = [
    "Medición del bimestre.",
    "Registro de las tutorías de grupo.",
    "Conteo de la coordinación académica.",
    "Encuesta breve a los grupos.",
    "",
]

MILESTONE_EVIDENCE = [
    "Acta de la sesión con la lista de asistencia y los acuerdos.",
    "Fotografías de las actividades y la planeación compartida.",
    "Registro de la estrategia aplicada en tres grupos.",
    "Carpeta de evidencias de la comunidad.",
    "Presentación en el Consejo Técnico Escolar.",
]

CONDITION_NOTES = [
    "Los martes de 13:00 a 14:00 en la biblioteca.",
    "Se reconoció el trabajo de la comunidad en el Consejo Técnico.",
    "El aula de medios está disponible para la comunidad.",
    "Se abrió un grupo de mensajería para avisos.",
    "",
]

NOTICES = [
    ("minutes", "Hay un acta por aprobar"),
    ("agreement_assigned", "Se te asignó un acuerdo"),
    ("proposal", "Hay una propuesta para opinar"),
    ("comment", "Comentaron tu entrada de la bitácora"),
    ("meeting_soon", "Mañana hay sesión de la comunidad"),
    ("agreement_overdue", "Un acuerdo tuyo está vencido"),
]

# --- Practices and strategies -----------------------------------------------------------------

PRACTICE_TITLES = [
    "Química con semáforo de emociones", "Roles rotativos en el taller", "Proyecto «Reparamos juntos»",
    "Asamblea de grupo de 15 minutos", "Diario de metas en Matemáticas", "Lectura compartida de emociones",
    "Círculo de diálogo en Formación Cívica y Ética", "Bitácora de logros del grupo",
    "Mapa de fortalezas al iniciar el semestre", "Debate respetuoso en Historia",
]  # fmt: skip

SUBJECTS = ["Química", "Matemáticas", "Historia", "Español", "Formación Cívica y Ética", "Tutoría", "Biología",
            "Inglés", "Módulo profesional", "Geografía"]  # fmt: skip

STRATEGY_ANALYSES = [
    "La estrategia funciona mejor si se presenta con un ejemplo cercano al grupo.",
    "Los estudiantes participaron más cuando escribieron antes de hablar.",
    "Hubo que acortar la actividad porque el grupo se dispersó al final.",
    "El grupo pidió repetirla la semana siguiente.",
]

# --- The workshop ------------------------------------------------------------------------------

PATH_MILESTONES = [
    ("Ingresé a la Normal", "formacion", "Descubrí que enseñar también es aprender a escuchar."),
    ("Mi primer grupo en una telesecundaria", "experiencia", "Aprendí a trabajar con lo que había."),
    ("Un grupo que no quería estar en la escuela", "reto", "Entendí que la convivencia se construye."),
    ("El diplomado de Construye T", "formacion", "Conocí las habilidades socioemocionales."),
    ("Cambio de plantel", "experiencia", "Empezar de nuevo me hizo valorar a mis colegas."),
    ("La pandemia y las clases a distancia", "reto", "Me obligó a pensar qué es lo esencial."),
    ("Mi primera comunidad de aprendizaje", "aprendizaje", "No estoy solo: lo que me pasa le pasa a otros."),
    ("La maestría en educación", "formacion", "Aprendí a mirar mi práctica con preguntas."),
]

SITUATIONS = [
    ("Mis estudiantes no participan cuando trabajan en equipo.",
     "Dos o tres hacen todo y los demás esperan.",
     "No les he enseñado a repartir el trabajo.",
     "Dar roles claros y rotarlos."),
    ("Las familias casi no vienen a las reuniones.",
     "A la última reunión llegaron seis de cuarenta familias.",
     "Los horarios coinciden con su trabajo.",
     "Ofrecer horarios distintos y avisar con tiempo."),
    ("Evalúo sólo con exámenes.",
     "Los estudiantes preguntan si cuenta para la calificación.",
     "No tengo tiempo para otras formas de evaluar.",
     "Probar la evaluación formativa con una rúbrica breve."),
    ("Los conflictos del receso llegan al salón.",
     "Las clases después del receso empiezan con discusiones.",
     "No hay un espacio para resolverlos.",
     "Una pausa de cinco minutos para acordar."),
    ("Me cuesta mantener la calma con un grupo difícil.",
     "Levanto la voz más de lo que quisiera.",
     "Llego cansada a la última hora.",
     "Practicar la pausa y pedir apoyo a mis colegas."),
]  # fmt: skip

PROBLEMS = [
    ("Poca participación en el trabajo colaborativo", "Varias situaciones hablan de equipos que no funcionan."),
    ("Evaluación centrada en exámenes", "La evaluación formativa casi no aparece en las prácticas."),
    ("Baja participación de las familias", "Las familias no se sienten parte de la escuela."),
    ("Conflictos de convivencia sin atender", "Los conflictos se repiten y nadie les da seguimiento."),
    ("Desgaste y cansancio docente", "El cansancio afecta la paciencia y la planeación."),
]

PROPOSALS = [
    ("Equipos con roles en todas las materias", "Que cada grupo trabaje en equipos con roles rotativos.",
     "Tarjetas de roles, una rúbrica común.", "Observación entre pares y una encuesta al grupo."),
    ("Familias en la escuela", "Aumentar la asistencia de las familias a las reuniones.",
     "Carteles, mensajes a las familias, el patio.", "Lista de asistencia por reunión."),
    ("Evaluar para aprender", "Usar la evaluación formativa en al menos una actividad por semana.",
     "Rúbricas breves, bitácora del grupo.", "Revisión de las rúbricas en la comunidad."),
]  # fmt: skip

PROPOSAL_ACTIONS = [
    "Diseñar las tarjetas de roles", "Presentar la propuesta en el Consejo Técnico",
    "Aplicar la rúbrica en dos grupos", "Enviar el aviso a las familias", "Revisar los resultados en la comunidad",
]  # fmt: skip

CONTINUITY = [
    (15, "Revisar en la comunidad cómo funcionaron los roles"),
    (30, "Compartir los resultados con el resto del personal"),
    (15, "Registrar la asistencia de las familias"),
    (30, "Ajustar la rúbrica con lo aprendido"),
]

CALLIGRAM_WORDS = [
    "diálogo", "confianza", "respeto", "escucha", "colaboración", "compromiso", "aprender juntos", "empatía",
    "paciencia", "alegría", "comunidad", "perseverancia", "cuidado", "esperanza", "equipo", "crecer",
]  # fmt: skip

CALLIGRAM_COMMITMENTS = [
    "Nos comprometemos a escucharnos y a aprender juntos.",
    "Cuidamos a nuestros estudiantes cuidándonos entre colegas.",
    "Somos una comunidad que dialoga y se transforma.",
]

SYNTHESES = [
    "El grupo reconoció trayectorias diversas y un compromiso común con la convivencia.",
    "Priorizamos tres retos: el trabajo colaborativo, la evaluación formativa y la participación de las familias.",
    "Las propuestas tienen responsables, fechas y una forma de evaluarse.",
    "El caligrama expresa quiénes somos y a qué nos comprometemos.",
]

DIRECTOR_REFLECTIONS = [
    "La comunidad se forma cuando cada docente encuentra un lugar para hablar de su práctica.",
    "Mi tarea es dar tiempo y espacio para que la comunidad trabaje dentro de la jornada.",
]

DIRECTOR_COMMITMENTS = [
    "Garantizar una hora a la semana para las sesiones de la comunidad.",
    "Reconocer públicamente el trabajo de la comunidad.",
    "Acompañar la observación entre pares sin convertirla en supervisión.",
    "Compartir los resultados del diagnóstico con todo el personal.",
]
